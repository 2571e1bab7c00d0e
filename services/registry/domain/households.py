"""Households (户) and the Spring Festival re-check (春节返乡核查). A household is a unit of
one village and group with a household number; its members are people whose household_id is
the household's id. A township opens a re-check campaign for the return season; village
liaisons confirm or update each household's members in bulk; the township follows progress
per village. Pure."""
import uuid
from datetime import datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, OutOfRegion, RuleBroken
from services.common.domain.roles import in_region

from .choices import DESTINATIONS, ORGANIZATION, STATUSES
from .person import WRITERS
from .regions import Regions
from .text import ascii_code

HOUSEHOLD_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["number", "village_code"],
    "properties": {
        "number": {"type": "string", "minLength": 1, "maxLength": 30, "description_error": "须为 1-30 位户号"},
        "village_code": {"type": "string", "minLength": 12, "maxLength": 40, "description_error": "须为 12 位村代码"},
        "group_name": {"type": "string", "maxLength": 20},
    },
}
CAMPAIGN_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["name", "year"],
    "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 60, "description_error": "须为 1-60 个字"},
                   "year": {"type": "integer", "minimum": 2000, "maximum": 2100}},
}
_member = {
    "type": "object", "additionalProperties": False, "required": ["person_id", "version"],
    "properties": {
        "person_id": {"type": "string", "minLength": 1, "maxLength": 64},
        "version": {"type": "integer", "minimum": 1, "maximum": 2 ** 31},
        "status": STATUSES.schema(),
        "employer": {"type": "string", "maxLength": 100}, "city": {"type": "string", "maxLength": 50},
        "destination": DESTINATIONS.schema(), "organization": ORGANIZATION.schema(),
        "monthly_income": {"type": "integer", "minimum": 0, "maximum": 200000},
        "income_year": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "income": {"type": "number", "minimum": 0, "maximum": 10000000},
    },
}
CONFIRM_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["members"],
    "properties": {"members": {"type": "array", "minItems": 1, "maxItems": 30, "items": _member}},
}


def new_household(body: dict, actor: Actor, regions: Regions, now: datetime) -> dict:
    if actor.role not in WRITERS:
        raise NotAllowed("无权登记户")
    village = ascii_code(body["village_code"])
    if village not in regions.villages:
        raise InvalidField("户信息有误", {"village_code": "未知的村代码"})
    town = regions.villages[village][1]
    if not in_region(actor, town, village):
        raise OutOfRegion("只能登记本辖区的户")
    number = ascii_code(body["number"])
    return {"_id": uuid.uuid4().hex, "number": number, "township_code": town,
            "village_code": village, "group_name": (body.get("group_name") or "").strip() or None,
            "created_at": now, "created_by": actor.audit()}


def check_member(household: dict | None, person: dict) -> None:
    """A person joins a household of their own village only."""
    if household is None:
        raise InvalidField("户不存在", {"household_id": "不存在"})
    if household["village_code"] != person["village_code"]:
        raise InvalidField("户不在该人员所在村", {"household_id": "须为本村的户"})


def new_campaign(body: dict, actor: Actor, now: datetime) -> dict:
    if actor.role != "township_staff" or not actor.region_code:
        raise NotAllowed("由乡镇服务站发起春节返乡核查")
    return {"_id": uuid.uuid4().hex, "name": body["name"].strip(), "year": body["year"],
            "township_code": actor.region_code, "status": "open", "opened_at": now,
            "opened_by": actor.audit()}


def check_confirmer(campaign: dict, household: dict, actor: Actor) -> None:
    if campaign["status"] != "open":
        raise RuleBroken("核查已结束", {"campaign": "已结束"})
    if household["township_code"] != campaign["township_code"]:
        raise InvalidField("该户不属于本次核查的乡镇", {"household_id": "不属于本乡镇"})
    if actor.role not in WRITERS or not in_region(actor, household["township_code"], household["village_code"]):
        raise OutOfRegion("只能核查本辖区的户")
