"""The gateway: users, login, tokens, routing to the services, and the UI shell."""
from flask import Flask

from services.common.app_factory import install_chassis, mongo_status, readiness, serve_openapi
from services.common.auth import load_public_key
from services.common.logs import setup_logging
from services.common.mongo import client_for

from .auth.api import bp as auth_bp
from .auth.users import ensure_indexes
from .config import GatewaySettings
from .demo_users import seed_demo_users
from .auth.tokens import issue_token
from .proxy import bp as proxy_bp
from .session import ForwardTokens, session_settings
from .session import ensure_indexes as ensure_session_indexes
from .ui.pages import bp as ui_bp


def create_app(settings: GatewaySettings | None = None) -> Flask:
    settings = settings or GatewaySettings.load()
    log = setup_logging("gateway", settings.log_level)
    app = Flask("gateway", template_folder="ui/templates", static_folder="ui/static",
                static_url_path="/static")
    app.config["GATEWAY"] = settings
    if not settings.private_key_file or not settings.public_key_file:
        raise RuntimeError("AUTH_PRIVATE_KEY_FILE and AUTH_PUBLIC_KEY_FILE must be set")
    with open(settings.private_key_file, encoding="ascii") as fh:
        app.config["AUTH_PRIVATE_KEY"] = fh.read()
    app.config["AUTH_PUBLIC_KEY"] = load_public_key(settings.public_key_file)
    client = client_for(settings.mongo_url)
    app.extensions["mongo_client"] = client
    app.extensions["db"] = client[settings.mongo_db]
    install_chassis(app, "gateway", log)
    ensure_indexes(app.extensions["db"])
    # browser sessions (cookie -> server-side record -> short-lived token for the services)
    app.config["SESSION"] = session_settings(settings.token_ttl)
    ensure_session_indexes(app.extensions["db"])
    private_key = app.config["AUTH_PRIVATE_KEY"]
    app.extensions["forward_tokens"] = ForwardTokens(
        lambda user, ttl: issue_token(user, private_key, ttl), app.config["SESSION"].forward_token_ttl_s)
    if settings.demo_mode:
        seed_demo_users(app.extensions["db"])

    @app.get("/readyz")
    def readyz():
        """Its MongoDB is reachable."""
        return readiness({"mongodb": mongo_status(client)})

    app.register_blueprint(auth_bp)
    app.register_blueprint(ui_bp)
    app.register_blueprint(proxy_bp)
    serve_openapi(app, "内乡县劳务输出平台 · 网关")
    return app
