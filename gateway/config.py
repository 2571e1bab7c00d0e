"""Gateway settings from the environment."""
from dataclasses import dataclass, field

from services.common.config import env

SERVICES = ("registry", "jobs", "licensing", "rights", "evaluation")
DEFAULT_PORTS = {"registry": 8101, "jobs": 8102, "licensing": 8103, "rights": 8104, "evaluation": 8105}


@dataclass(frozen=True)
class GatewaySettings:
    mongo_url: str
    mongo_db: str
    private_key_file: str | None
    public_key_file: str | None
    token_ttl: int          # how long a login lasts: the refresh token's absolute lifetime
    demo_mode: bool
    service_urls: dict = field(default_factory=dict)
    login_max_failures: int = 5
    # Per address the bar is higher: a township office's PCs share one public address.
    login_max_failures_per_ip: int = 30
    login_window_s: int = 900
    log_level: str = "INFO"
    # an access token is short-lived: a revoked user loses access within this even where the
    # revocation list had not yet arrived; clients renew it with POST /api/auth/refresh
    access_token_ttl: int = 900
    kafka_bootstrap: str = "127.0.0.1:9092"  # the gateway worker publishes gateway.user events

    @classmethod
    def load(cls) -> "GatewaySettings":
        return cls(
            mongo_url=env("MONGO_URL", "mongodb://127.0.0.1:27017/?directConnection=true"),
            mongo_db=env("MONGO_DB", "lex_gateway"),
            private_key_file=env("AUTH_PRIVATE_KEY_FILE"),
            public_key_file=env("AUTH_PUBLIC_KEY_FILE"),
            token_ttl=int(env("TOKEN_TTL_SECONDS", "28800")),
            demo_mode=env("DEMO_MODE", "0") == "1",
            service_urls={s: env(f"{s.upper()}_URL", f"http://127.0.0.1:{DEFAULT_PORTS[s]}")
                          for s in SERVICES},
            login_max_failures=int(env("LOGIN_MAX_FAILURES", "5")),
            login_max_failures_per_ip=int(env("LOGIN_MAX_FAILURES_PER_IP", "30")),
            login_window_s=int(env("LOGIN_WINDOW_SECONDS", "900")),
            log_level=env("LOG_LEVEL", "INFO"),
            access_token_ttl=int(env("ACCESS_TOKEN_TTL_SECONDS", "900")),
            kafka_bootstrap=env("KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
        )
