"""The integration-event record every service publishes (DESIGN.md 'Events')."""
import uuid
from datetime import datetime, timezone

from .catalog import current_version, validate_event


def utc_iso(moment: datetime | None = None) -> str:
    moment = moment or datetime.now(timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def new_event(type_: str, source: str, subject: str, data: dict, actor: dict | None,
              correlation_id: str | None, version: int | None = None,
              occurred_at: datetime | None = None) -> dict:
    event = {
        "id": str(uuid.uuid4()),
        "type": type_,
        "version": version or current_version(type_),
        "source": source,
        "subject": subject,
        "occurred_at": utc_iso(occurred_at),
        "actor": actor,
        "correlation_id": correlation_id,
        "data": data,
    }
    validate_event(event)  # a producer never emits what its consumers would reject
    return event
