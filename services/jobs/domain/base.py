"""Output bases (劳务输出基地): an agreement with an employer: dates, quota, contact station.
States: established -> ended."""
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, InvalidTransition

from .common import DATE_SCHEMA, new_id, parse_date

STATES = {"established": "已建立", "ended": "已终止"}

BASE_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["employer_id", "name", "agreement_from", "agreement_until", "quota"],
    "properties": {
        "employer_id": {"type": "string", "minLength": 1, "maxLength": 64},
        "name": {"type": "string", "minLength": 2, "maxLength": 100},
        "agreement_from": DATE_SCHEMA, "agreement_until": DATE_SCHEMA,
        "quota": {"type": "integer", "minimum": 1, "maximum": 100000},
        "station_id": {"type": "string", "maxLength": 64},
        "township_code": {"type": "string", "pattern": r"^\d{9}$", "description_error": "须为 9 位乡镇代码"},
        "notes": {"type": "string", "maxLength": 2000},
    },
}

END_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["reason"],
              "properties": {"reason": {"type": "string", "minLength": 2, "maxLength": 500,
                                        "description_error": "须说明终止原因(2-500 字)"},
                             "on": DATE_SCHEMA}}


def new_base(body: dict, employer: dict, actor: Actor, now: datetime) -> dict:
    start = parse_date(body["agreement_from"], "agreement_from")
    until = parse_date(body["agreement_until"], "agreement_until")
    if until <= start:
        raise InvalidField("协议期限无效", {"agreement_until": "须晚于协议开始日期"})
    return dict(body, _id=new_id(), employer_name=employer["name"], status="established",
                township_code=body.get("township_code"),
                log=[{"action": "establish", "from": None, "to": "established", "at": now,
                      "by": actor.audit(), "reason": None}],
                created_at=now, created_by=actor.audit(), version=1)


def end_base(base: dict, reason: str, on: date, actor: Actor, now: datetime) -> dict:
    if base["status"] != "established":
        raise InvalidTransition("该基地已终止", {"status": base["status"]})
    base["status"] = "ended"
    base["ended_on"] = on.isoformat()
    base["log"].append({"action": "end", "from": "established", "to": "ended", "at": now,
                        "by": actor.audit(), "reason": reason})
    return base


def base_event_data(base: dict, on: str) -> dict:
    return {"base_id": base["_id"], "employer_id": base["employer_id"], "name": base["name"],
            "township_code": base.get("township_code"), "on": on}
