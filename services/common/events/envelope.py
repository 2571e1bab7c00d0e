"""The integration-event record every service publishes (DESIGN.md 'Events')."""
import uuid
from datetime import datetime, timezone

from ..logs import redact
from .catalog import current_version, validate_event

# Identifiers that are codes, not personal numbers; every other string in an event's data is
# scrubbed of ID-number and mobile-number sequences (free text typed by staff can carry them).
_CODE_KEYS = ("_id", "_ids", "credit_code", "license_number", "filing_number", "receipt_number")


def scrub(value, key: str = ""):
    """Events never carry an ID or phone number, whatever a free-text field held."""
    if key.endswith(_CODE_KEYS):
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: scrub(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v, key) for v in value]
    return value


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
        "data": scrub(data),
    }
    validate_event(event)  # a producer never emits what its consumers would reject
    return event
