"""Referral (协办请求) between departments: the owner keeps the case and asks another
department for an action; the receiver accepts (as owner or co-handler) or rejects with a
reason; the department that asked may revoke it."""
import uuid
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, NotFound, RuleBroken

from .access import handles_for
from .case import entry
from .codes import ACCEPT_AS, OPEN_STATES
from .handling import check_department, require_owner, share_with
from .workflow import REFERRAL_WORKFLOW

REFERRAL_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["to_department", "reason", "requested_action", "due_date"],
    "properties": {
        "to_department": {"enum": ["labor", "police", "commerce", "justice"],
                          "x-labels": {"labor": "劳务部门", "police": "公安局",
                                       "commerce": "工商局", "justice": "司法局"}},
        "to_user": {"type": "string", "maxLength": 64},
        "reason": {"type": "string", "minLength": 2, "maxLength": 500,
                   "description_error": "请用 2-500 字说明理由"},
        "requested_action": {"type": "string", "minLength": 2, "maxLength": 500,
                             "description_error": "请用 2-500 字说明请求对方做什么"},
        "due_date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$",
                     "description_error": "须为 YYYY-MM-DD 格式的日期"},
        "override_reason": {"type": "string", "maxLength": 500},
    },
}
REFERRAL_ACTION_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {"reason": {"type": "string", "maxLength": 500},
                   "as": ACCEPT_AS.schema()},
}


REFERRAL_TIMELINE = {"accept": "referral_accepted", "reject": "referral_rejected",
                     "revoke": "referral_revoked"}


def refer(case: dict, actor: Actor, body: dict, now: datetime, today: date) -> dict:
    require_owner(actor, case)
    if case["state"] not in OPEN_STATES:
        raise RuleBroken("已办结的案件不能再转办", {"state": case["state"]})
    to = body["to_department"]
    check_department("to_department", to, case)
    try:
        due = date.fromisoformat(body["due_date"])
    except ValueError:
        raise InvalidField("日期无效", {"due_date": "不存在的日期"}) from None
    if due < today:
        raise InvalidField("期限不能早于今天", {"due_date": "不能早于今天"})
    if any(r["to_department"] == to and r["state"] == "pending" for r in case["referrals"]):
        raise RuleBroken("已有一件待该部门接收的转办", {"to_department": "已有待接收的转办"})
    sharing = share_with(case, to, actor, now, body.get("override_reason"))
    referral = {
        "id": uuid.uuid4().hex, "case_id": case["_id"],
        "from_department": case["owner_department"], "to_department": to,
        "to_user": body.get("to_user"), "reason": body["reason"].strip(),
        "requested_action": body["requested_action"].strip(), "due_date": due.isoformat(),
        "state": "pending", "accepted_as": None, "sharing": sharing,
        "created_at": now, "created_by": actor.audit(), "log": [],
    }
    case["referrals"].append(referral)
    case["timeline"].append(entry(actor, now, "referred", referral["reason"],
                                  referral_id=referral["id"], to=to))
    case["updated_at"] = now
    return referral


def find_referral(case: dict, referral_id: str) -> dict:
    for r in case["referrals"]:
        if r["id"] == referral_id:
            return r
    raise NotFound("转办不存在", {"id": "不存在"})


def act_on_referral(case: dict, referral_id: str, action: str, actor: Actor, now: datetime,
                    reason: str | None = None, accept_as: str | None = None) -> dict:
    referral = find_referral(case, referral_id)
    dept = handles_for(actor)
    if action in ("accept", "reject") and dept != referral["to_department"]:
        raise NotAllowed("只有被转办部门的经办人员可以接收或退回")
    if action == "revoke" and dept != referral["from_department"]:
        raise NotAllowed("只有发起转办的部门可以撤回")
    if action in ("reject", "revoke") and not (reason or "").strip():
        raise InvalidField("须说明理由", {"reason": "必填"})
    to, log = REFERRAL_WORKFLOW.apply(referral["state"], action, actor, now, reason)
    if action == "accept":
        accept_as = accept_as or "co_handler"
        if accept_as == "owner":
            if case["state"] not in OPEN_STATES:
                raise RuleBroken("已办结的案件不能再承办", {"as": "案件已办结"})
            case["owner_department"] = referral["to_department"]
            case["handler"] = None
        referral["accepted_as"] = accept_as
    referral["state"] = to
    referral["log"].append(log)
    case["timeline"].append(entry(actor, now, REFERRAL_TIMELINE[action], reason, referral_id=referral_id,
                                  department=referral["to_department"], accepted_as=accept_as))
    case["updated_at"] = now
    return referral
