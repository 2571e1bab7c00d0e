"""A person's status over time (a Workflow with its log) and the records kept with the
person: training (培训), migration (外出务工) and annual income (劳务收入). Pure."""
import uuid
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField
from services.common.domain.workflow import Workflow

from .choices import DESTINATIONS, INDUSTRIES, ORGANIZATION, PAYERS, STATUSES
from .text import mask_numbers

STATUS_FLOW = Workflow(
    name="person_status",
    transitions={
        ("surplus", "migrant"): "migrant", ("surplus", "entrepreneur"): "entrepreneur",
        ("migrant", "returned"): "returned", ("migrant", "entrepreneur"): "entrepreneur",
        ("returned", "migrant"): "migrant", ("returned", "entrepreneur"): "entrepreneur",
        ("returned", "surplus"): "surplus",
        ("entrepreneur", "migrant"): "migrant", ("entrepreneur", "surplus"): "surplus",
    },
    state_labels=STATUSES.as_dict(),
    action_labels={k: f"转为{v}" for k, v in STATUSES.items()},
)

_date = {"type": "string", "maxLength": 20, "description_error": "须为日期 YYYY-MM-DD"}
_short = lambda n: {"type": "string", "minLength": 1, "maxLength": n, "description_error": f"须为 1-{n} 个字"}  # noqa: E731

STATUS_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["to_status", "version"],
    "properties": {
        "to_status": STATUSES.schema(), "version": {"type": "integer", "minimum": 1},
        "reason": {"type": "string", "maxLength": 200},
        "organization": ORGANIZATION.schema(),
        "employer": {"type": "string", "maxLength": 100}, "city": {"type": "string", "maxLength": 50},
        "destination": DESTINATIONS.schema(),
        "start_date": _date, "monthly_income": {"type": "integer", "minimum": 0, "maximum": 200000},
    },
}
TRAINING_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["course", "hours", "started_on", "ended_on"],
    "properties": {
        "course": _short(60), "institution": {"type": "string", "maxLength": 100},
        "hours": {"type": "integer", "minimum": 1, "maximum": 5000},
        "started_on": _date, "ended_on": _date,
        "certificate": {"type": "string", "maxLength": 100},
        "paid_by": PAYERS.schema(),
    },
}
MIGRATION_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["employer", "city", "destination", "start_date", "organization"],
    "properties": {
        "employer": _short(100), "city": _short(50), "destination": DESTINATIONS.schema(),
        "industry": INDUSTRIES.schema(), "start_date": _date, "end_date": _date,
        "monthly_income": {"type": "integer", "minimum": 0, "maximum": 200000},
        "organization": ORGANIZATION.schema(),
        "placement_id": {"type": "string", "maxLength": 64},
    },
}
INCOME_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["year", "amount"],
    "properties": {"year": {"type": "integer", "minimum": 2000, "maximum": 2100},
                   "amount": {"type": "number", "minimum": 0, "maximum": 10000000}},
}


def parse_date(value, field: str, problems: dict) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        problems[field] = "须为日期 YYYY-MM-DD"
        return None


def new_training(body: dict, actor: Actor, now: datetime) -> dict:
    problems: dict = {}
    started = parse_date(body["started_on"], "started_on", problems)
    ended = parse_date(body["ended_on"], "ended_on", problems)
    if started and ended and ended < started:
        problems["ended_on"] = "结束日期早于开始日期"
    if problems:
        raise InvalidField("培训记录有误", problems)
    return {"id": uuid.uuid4().hex, "course": body["course"].strip(),
            "institution": (body.get("institution") or "").strip() or None,
            "hours": body["hours"], "started_on": started, "ended_on": ended,
            "certificate": (body.get("certificate") or "").strip() or None,
            "paid_by": body.get("paid_by"), "recorded_at": now, "recorded_by": actor.audit()}


def new_migration(body: dict, actor: Actor, now: datetime) -> dict:
    problems: dict = {}
    start = parse_date(body["start_date"], "start_date", problems)
    end = parse_date(body.get("end_date"), "end_date", problems)
    if start and end and end < start:
        problems["end_date"] = "结束日期早于开始日期"
    if problems:
        raise InvalidField("务工记录有误", problems)
    return {"id": uuid.uuid4().hex, "employer": body["employer"].strip(),
            "city": body["city"].strip(), "destination": body["destination"],
            "industry": body.get("industry"), "start_date": start, "end_date": end,
            "monthly_income": body.get("monthly_income"),
            "organized": body["organization"] == "organized",
            "placement_id": body.get("placement_id"),
            "recorded_at": now, "recorded_by": actor.audit()}


def new_income(body: dict, actor: Actor, now: datetime) -> dict:
    return {"year": body["year"], "amount": body["amount"], "reported_at": now,
            "reported_by": actor.audit()}


def employment_of(m: dict) -> dict:
    """The person's current job, as the migrant ledger shows it."""
    return {"employer": m["employer"], "city": m["city"], "destination": m["destination"],
            "industry": m.get("industry"), "start_date": m["start_date"],
            "monthly_income": m.get("monthly_income"), "organized": m["organized"],
            "migration_id": m["id"]}


def masked_record(r: dict) -> dict:
    return {k: (mask_numbers(v) if isinstance(v, str) else v) for k, v in r.items()}
