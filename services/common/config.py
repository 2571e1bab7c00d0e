"""Settings read from the environment, so the same code runs embedded and in Docker."""
import os
from dataclasses import dataclass


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    service: str
    mongo_url: str
    mongo_db: str
    kafka_bootstrap: str
    kafka_consumer_mode: str
    # "embedded" (noida-db) turns on its workarounds: consumers keep partitions paused while
    # idle (its Fetch never long-polls) and relays re-publish after a broker restart (its log
    # file can lose the last seconds). "kafka" for a real cluster.
    kafka_broker: str
    elasticsearch_url: str
    auth_public_key_file: str | None
    log_level: str
    outbox_retention_days: float      # sent outbox records older than this are purged
    outbox_republish_minutes: float   # embedded broker restarted: re-publish this much

    @classmethod
    def load(cls, service: str) -> "Settings":
        return cls(
            service=service,
            mongo_url=env("MONGO_URL", "mongodb://127.0.0.1:27017/?directConnection=true"),
            mongo_db=env("MONGO_DB", f"lex_{service}"),
            kafka_bootstrap=env("KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
            kafka_consumer_mode=env("KAFKA_CONSUMER_MODE", "group"),
            kafka_broker=env("KAFKA_BROKER", "kafka"),
            elasticsearch_url=env("ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
            auth_public_key_file=env("AUTH_PUBLIC_KEY_FILE"),
            log_level=env("LOG_LEVEL", "INFO"),
            outbox_retention_days=float(env("OUTBOX_RETENTION_DAYS", "7")),
            outbox_republish_minutes=float(env("OUTBOX_REPUBLISH_MINUTES", "5")),
        )
