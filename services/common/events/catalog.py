"""The chassis' side of event contracts. Each service owns its contracts in
`services/<service>/events/` (types, versions, topics, JSON Schemas) and registers them here by
importing its `events` package; the chassis only looks them up and validates. A consumer of
another service's events imports that service's `events` package (its published contract, the
one cross-service import allowed) so that it validates against the producer's own schemas."""
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jsonschema_rs
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


class _SchemaCheck:
    """One schema, two validators. Every event is checked by jsonschema-rs (Rust, about 3 µs
    for a person.registered against about 550 µs in Python jsonschema, and each event is
    checked by its producer and by every consumer); only a failing one is checked again by
    Python jsonschema, whose first error (path and message) the DLQ reason has always shown.
    Both follow draft 2020-12 with formats not asserted. Where they differ, Rust's regexes
    read `$` as the end of the text (Python's also before a final newline): a value Rust
    rejects and Python passes is still rejected, with Rust's message."""
    def __init__(self, schema: dict):
        self.fast = jsonschema_rs.Draft202012Validator(schema, validate_formats=False)
        self.slow = Draft202012Validator(schema)

    def first_error(self, doc) -> str | None:
        if self.fast.is_valid(doc):
            return None
        err = next(iter(sorted(self.slow.iter_errors(doc), key=lambda e: list(e.absolute_path))), None)
        if err is not None:
            return _reason(err.absolute_path, err.message)
        err = next(iter(self.fast.iter_errors(doc)))
        return _reason(err.instance_path, err.message)


def _reason(path, message: str) -> str:
    return f"{'/'.join(str(p) for p in path) or '(root)'}: {message}"


@lru_cache(maxsize=None)
def _validator(path: Path) -> _SchemaCheck | None:
    if not path.exists():
        return None
    # checked against the metaschema once in tests/unit/test_event_schema_files.py, not per start
    return _SchemaCheck(json.loads(path.read_text(encoding="utf-8")))


def validate_event(event) -> None:
    if not isinstance(event, dict):
        raise EventInvalid("envelope: not a JSON object")
    problem = _validator(ENVELOPE_SCHEMA).first_error(event)
    if problem:
        raise EventInvalid(f"envelope {problem}")
    owner = _BY_TYPE.get(event["type"])
    data_validator = _validator(owner.schema_path(event["type"], event["version"])) if owner else None
    if data_validator is None:
        raise EventInvalid(f"unknown event type/version {event['type']} v{event['version']}")
    problem = data_validator.first_error(event["data"])
    if problem:
        raise EventInvalid(f"data {problem}")
