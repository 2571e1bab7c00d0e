"""Legal aid (法律援助) for a case: requested by the case's owner, assigned by justice to a
lawyer or legal-aid worker, concluded with how (mediated, arbitration, litigation) and result."""
from datetime import datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidTransition, NotAllowed, RuleBroken

from .access import owns
from .case import TEXT, entry
from .codes import LEGAL_AID_METHODS, OPEN_STATES

REQUEST_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["reason"],
                  "properties": {"reason": {"type": "string", "minLength": 2, "maxLength": 500,
                                            "description_error": "请用 2-500 字说明理由"}}}
ASSIGN_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["lawyer"],
                 "properties": {"lawyer": {"type": "string", "minLength": 2, "maxLength": 50,
                                           "description_error": "请填写律师或法律援助人员姓名"},
                                "organization": TEXT(100)}}
OUTCOME_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["method", "result"],
                  "properties": {"method": LEGAL_AID_METHODS.schema(),
                                 "result": {"type": "string", "minLength": 2, "maxLength": 500,
                                            "description_error": "请用 2-500 字说明结果"}}}


def request_aid(case: dict, actor: Actor, reason: str, now: datetime) -> None:
    if not owns(actor, case):
        raise NotAllowed("只有承办部门可以申请法律援助")
    if case["state"] not in OPEN_STATES:
        raise RuleBroken("已办结的案件不能申请法律援助", {"state": case["state"]})
    if case.get("legal_aid") and case["legal_aid"]["state"] != "concluded":
        raise InvalidTransition("该案件已有法律援助在办", {"legal_aid": case["legal_aid"]["state"]})
    case["legal_aid"] = {"state": "requested", "reason": reason.strip(), "requested_at": now,
                         "requested_by": actor.audit(), "lawyer": None, "organization": None,
                         "assigned_at": None, "method": None, "result": None}
    case["timeline"].append(entry(actor, now, "legal_aid_requested", reason))
    case["updated_at"] = now


def _justice(actor: Actor) -> None:
    if actor.role != "justice_officer":
        raise NotAllowed("只有司法局可以指派和办结法律援助")


def assign_aid(case: dict, actor: Actor, lawyer: str, organization: str | None, now: datetime) -> None:
    _justice(actor)
    aid = case.get("legal_aid")
    # reassigning an assigned aid (the lawyer left) is allowed; a concluded one is not
    if not aid or aid["state"] not in ("requested", "assigned"):
        raise InvalidTransition("没有待指派的法律援助申请", {"legal_aid": aid and aid["state"]})
    aid.update(state="assigned", lawyer=lawyer.strip(), organization=organization,
               assigned_at=now, assigned_by=actor.audit())
    case["timeline"].append(entry(actor, now, "legal_aid_assigned", lawyer.strip()))
    case["updated_at"] = now


def conclude_aid(case: dict, actor: Actor, method: str, result: str, now: datetime) -> None:
    _justice(actor)
    aid = case.get("legal_aid")
    if not aid or aid["state"] != "assigned":
        raise InvalidTransition("法律援助尚未指派,不能办结", {"legal_aid": aid and aid["state"]})
    aid.update(state="concluded", method=method, result=result.strip(), concluded_at=now)
    case["timeline"].append(entry(actor, now, "legal_aid_concluded",
                                  f"{LEGAL_AID_METHODS.label(method)}:{result.strip()}"))
    case["updated_at"] = now
