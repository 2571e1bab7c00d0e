"""Employers (用工单位), vetted by the liaison stations; liaison stations (联络站/办事处) as data."""
from datetime import datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField

from .common import DATE_SCHEMA, PHONE_SCHEMA, new_id, parse_date
from services.common.domain.credit_code import InvalidCreditCode, parse_credit_code
from .labels import INDUSTRIES, SIZES, VISIT_RESULTS
from .roles import KEEPERS

CONTACT = {"type": "object", "additionalProperties": False, "required": ["name", "phone"],
           "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 30},
                          "phone": PHONE_SCHEMA,
                          "title": {"type": "string", "maxLength": 30}}}

EMPLOYER_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["name", "credit_code", "region", "industry"],
    "properties": {
        "name": {"type": "string", "minLength": 2, "maxLength": 100, "description_error": "单位名称须为 2-100 字"},
        "credit_code": {"type": "string", "minLength": 1, "maxLength": 40},
        "region": {"type": "string", "minLength": 2, "maxLength": 60, "description_error": "所在地区须为 2-60 字(省市县)"},
        "city": {"type": "string", "maxLength": 30},
        "address": {"type": "string", "maxLength": 200},
        "industry": INDUSTRIES.schema(),
        "size": SIZES.schema(),
        "brand": {"type": "boolean"},
        "contacts": {"type": "array", "maxItems": 10, "items": CONTACT},
    },
}

VISIT_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["station_id", "visited_on", "result"],
    "properties": {"station_id": {"type": "string", "minLength": 1, "maxLength": 64},
                   "visited_on": DATE_SCHEMA, "result": VISIT_RESULTS.schema(),
                   "findings": {"type": "string", "maxLength": 2000}},
}

STATION_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["name", "city"],
    "properties": {"name": {"type": "string", "minLength": 2, "maxLength": 60},
                   "city": {"type": "string", "minLength": 2, "maxLength": 30},
                   "address": {"type": "string", "maxLength": 200},
                   "staff": {"type": "array", "maxItems": 20, "items": CONTACT}},
}


def new_employer(body: dict, actor: Actor, now: datetime) -> dict:
    try:
        code = parse_credit_code(body["credit_code"])
    except InvalidCreditCode as e:
        raise InvalidField("统一社会信用代码无效", {"credit_code": str(e)}) from None
    return dict(body, _id=new_id(), name=body["name"].strip(), credit_code=code,
                contacts=body.get("contacts", []), visits=[], brand=bool(body.get("brand")),
                created_at=now, created_by=actor.audit(), updated_at=now, updated_by=actor.audit(),
                version=1)


def new_visit(body: dict, station: dict, actor: Actor, now: datetime) -> dict:
    visited = parse_date(body["visited_on"], "visited_on")
    if visited > now.date():
        raise InvalidField("考察日期不能晚于今天", {"visited_on": "不能是将来的日期"})
    return {"id": new_id(), "station_id": station["_id"], "station_name": station["name"],
            "visited_on": body["visited_on"], "result": body["result"],
            "findings": body.get("findings", ""), "at": now, "by": actor.audit()}


def new_station(body: dict, actor: Actor, now: datetime) -> dict:
    return dict(body, _id=new_id(), staff=body.get("staff", []), created_at=now,
                created_by=actor.audit(), version=1)


def masked_phone(value: str | None) -> str | None:
    """A phone as its 3-digit prefix only (docs/personal-data.md): nothing else shown rebuilds it."""
    return value[:3] + "*" * (len(value) - 3) if value else value


def contacts_for(role: str, contacts: list[dict]) -> list[dict]:
    """An employer's contacts or a station's staff as `role` may read them: phones in full for
    the keepers, masked for everyone else (the leader's read-only view)."""
    if role in KEEPERS:
        return contacts
    return [dict(c, phone=masked_phone(c.get("phone"))) for c in contacts]
