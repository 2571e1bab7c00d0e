"""The chassis every service's Flask app is built on: settings, JSON logs with request ids,
the error shape, a 1 MiB body limit, token checking, /healthz, /readyz and /openapi.json."""
import logging
import time
import uuid

from confluent_kafka.admin import AdminClient
from flask import Flask, g, jsonify, request

from .auth import load_public_key
from .body_drain import UnreadBodyDrain
from .body_limit import ChunkedBodyLimit
from .config import Settings
from .errors import install_error_handlers
from .logs import SAFE_REQUEST_ID, redact, request_id_var, setup_logging
from .mongo import client_for
from .openapi import build_openapi
from .security_headers import install_security_headers

MAX_BODY = 1024 * 1024
MAX_UPLOAD = 64 * 1024 * 1024  # the most any route accepts (registry imports raise their limit)


def safe_request_id(raw: str | None) -> str:
    """A caller's X-Request-ID is kept only in a safe shape (it is echoed and logged: no
    personal data, no log injection); otherwise the request gets a new one."""
    if raw and SAFE_REQUEST_ID.fullmatch(raw) and redact(raw) == raw:
        return raw
    return uuid.uuid4().hex


def install_chassis(app: Flask, service: str, log: logging.Logger) -> None:
    """Request ids, access logs, the error shape, the body limit and /healthz: shared with the gateway."""
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    # MAX_CONTENT_LENGTH alone cuts chunked bodies off at the limit instead of refusing them
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, MAX_UPLOAD)
    # an answer given before the body is read must not leave the connection unusable
    app.wsgi_app = UnreadBodyDrain(app.wsgi_app, MAX_UPLOAD + MAX_BODY)
    app.json.ensure_ascii = False
    install_error_handlers(app, log)
    install_security_headers(app)

    @app.before_request
    def _start():
        g.request_id = safe_request_id(request.headers.get("X-Request-ID"))
        g.token = request_id_var.set(g.request_id)
        g.started = time.perf_counter()

    @app.after_request
    def _finish(resp):
        resp.headers["X-Request-ID"] = g.get("request_id", "")
        # the formatter masks ID and phone numbers in path and query as in the message
        log.info("request", extra={"method": request.method, "path": request.path,
                                   "query": dict(request.args.lists()),
                                   "status": resp.status_code,
                                   "duration_ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1)})
        return resp

    @app.teardown_request
    def _reset(_exc):
        token = g.pop("token", None)
        if token is not None:
            request_id_var.reset(token)

    @app.get("/healthz")
    def healthz():
        """Process is up."""
        return {"status": "ok", "service": service}


def mongo_status(client) -> str:
    try:
        client.admin.command("ping")
        return "ok"
    except Exception as e:
        return f"unreachable: {type(e).__name__}"


def kafka_status(bootstrap: str) -> str:
    try:
        AdminClient({"bootstrap.servers": bootstrap}).list_topics(timeout=3)
        return "ok"
    except Exception as e:
        return f"unreachable: {type(e).__name__}"


def readiness(checks: dict):
    ok = all(v == "ok" for v in checks.values())
    return jsonify({"status": "ready" if ok else "not_ready", "checks": checks}), 200 if ok else 503


def serve_openapi(app: Flask, title: str) -> None:
    spec = build_openapi(app, title)

    @app.get("/openapi.json")
    def openapi():
        """This service's OpenAPI document."""
        return spec


def create_service_app(service: str, title: str, blueprints=(), settings: Settings | None = None) -> Flask:
    settings = settings or Settings.load(service)
    log = setup_logging(service, settings.log_level)
    app = Flask(service)
    app.config["SETTINGS"] = settings
    app.config["AUTH_PUBLIC_KEY"] = load_public_key(settings.auth_public_key_file)
    app.extensions["mongo_client"] = client_for(settings.mongo_url)
    app.extensions["db"] = app.extensions["mongo_client"][settings.mongo_db]
    install_chassis(app, service, log)

    @app.get("/readyz")
    def readyz():
        """Its MongoDB and Kafka are reachable."""
        return readiness({"mongodb": mongo_status(app.extensions["mongo_client"]),
                          "kafka": kafka_status(settings.kafka_bootstrap)})

    from .ui import install_ui
    install_ui(app)
    for bp in blueprints:
        app.register_blueprint(bp)
    serve_openapi(app, title)
    log.info("app created")
    return app
