"""The chassis' side of event contracts. Each service owns its contracts in
`services/<service>/events/` (types, versions, topics, JSON Schemas) and registers them here by
importing its `events` package; the chassis only looks them up and validates. A consumer of
another service's events imports that service's `events` package (its published contract, the
one cross-service import allowed) so that it validates against the producer's own schemas."""
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

ENVELOPE_SCHEMA = Path(__file__).parent / "schemas" / "envelope.v1.json"


@dataclass(frozen=True)
class EventContracts:
    """What one service publishes: event type -> (topic, version producers emit now).
    Older versions keep their schema files so consumers can read what is already on topics."""
    source: str
    events: dict[str, tuple[str, int]]
    schema_dir: Path
    # topics this service owns that carry no event yet (created all the same)
    extra_topics: tuple[str, ...] = field(default=())

    @property
    def topics(self) -> list[str]:
        return sorted({t for t, _ in self.events.values()} | set(self.extra_topics))

    def schema_path(self, type_: str, version: int) -> Path:
        return self.schema_dir / f"{type_}.v{version}.json"


_BY_TYPE: dict[str, EventContracts] = {}
_ALL: dict[str, EventContracts] = {}


def register(contracts: EventContracts) -> EventContracts:
    for type_ in contracts.events:
        owner = _BY_TYPE.get(type_)
        if owner is not None and owner.source != contracts.source:
            raise ValueError(f"event type {type_} claimed by {owner.source} and {contracts.source}")
        _BY_TYPE[type_] = contracts
    _ALL[contracts.source] = contracts
    return contracts


def contracts_of(type_: str) -> EventContracts:
    try:
        return _BY_TYPE[type_]
    except KeyError:
        raise EventInvalid(f"unknown event type {type_}") from None


def topic_of(type_: str) -> str:
    return contracts_of(type_).events[type_][0]


def current_version(type_: str) -> int:
    return contracts_of(type_).events[type_][1]


def registered_topics() -> list[str]:
    return sorted({t for c in _ALL.values() for t in c.topics})


def dlq_topic(topic: str) -> str:
    return f"{topic}.dlq"


class EventInvalid(Exception):
    """An event that fails its envelope or data schema; it belongs on the DLQ with this reason."""


@lru_cache(maxsize=None)
def _validator(path: Path) -> Draft202012Validator | None:
    if not path.exists():
        return None
    schema = json.loads(path.read_text(encoding="utf-8"))
    # checked against the metaschema once in tests/unit/test_event_schema_files.py, not per start
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
    problem = _first_error(_validator(ENVELOPE_SCHEMA), event)
    if problem:
        raise EventInvalid(f"envelope {problem}")
    owner = _BY_TYPE.get(event["type"])
    data_validator = _validator(owner.schema_path(event["type"], event["version"])) if owner else None
    if data_validator is None:
        raise EventInvalid(f"unknown event type/version {event['type']} v{event['version']}")
    problem = _first_error(data_validator, event["data"])
    if problem:
        raise EventInvalid(f"data {problem}")
