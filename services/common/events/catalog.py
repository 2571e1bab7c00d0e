"""Which event types exist, their current version and the topic (one per aggregate) they go to.
Schemas live beside this file as <type>.v<version>.json."""
import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).parent / "schemas"

# event type -> (topic, version producers emit now); older versions keep their schema files
# so that consumers can still read what is already on the topics
EVENTS: dict[str, tuple[str, int]] = {
    "person.registered": ("registry.person", 1),
}

# Every topic the platform uses; each gets a <topic>.dlq twin.
TOPICS = sorted({topic for topic, _ in EVENTS.values()} | {
    "jobs.posting", "jobs.placement", "licensing.agency", "licensing.enforcement", "rights.case",
    "evaluation.report",
})


def dlq_topic(topic: str) -> str:
    return f"{topic}.dlq"


class EventInvalid(Exception):
    """An event that fails its envelope or data schema; it belongs on the DLQ with this reason."""


@lru_cache(maxsize=None)
def _validator(name: str) -> Draft202012Validator | None:
    path = SCHEMA_DIR / f"{name}.json"
    if not path.exists():
        return None
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _first_error(validator: Draft202012Validator, doc) -> str | None:
    err = next(iter(sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))), None)
    if err is None:
        return None
    where = "/".join(str(p) for p in err.absolute_path) or "(root)"
    return f"{where}: {err.message}"


def validate_event(event) -> None:
    if not isinstance(event, dict):
        raise EventInvalid("envelope: not a JSON object")
    problem = _first_error(_validator("envelope.v1"), event)
    if problem:
        raise EventInvalid(f"envelope {problem}")
    data_validator = _validator(f"{event['type']}.v{event['version']}")
    if data_validator is None:
        raise EventInvalid(f"unknown event type/version {event['type']} v{event['version']}")
    problem = _first_error(data_validator, event["data"])
    if problem:
        raise EventInvalid(f"data {problem}")
