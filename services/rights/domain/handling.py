"""What handlers do to a case: state changes, assignment, consent, transfer, merging.
Each function checks the rule, changes the case in place and appends its timeline entry;
raises a DomainError when the rule forbids it."""
from datetime import datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, RuleBroken
from services.common.domain.roles import DEPARTMENTS

from .access import HANDLER_ROLE, owns
from .case import check_outcome, entry
from .codes import OPEN_STATES
from .workflow import CASE_WORKFLOW


def require_owner(actor: Actor, case: dict) -> None:
    if not owns(actor, case):
        raise NotAllowed("只有承办部门的经办人员可以办理该案件")


def change_state(case: dict, action: str, actor: Actor, now: datetime,
                 reason: str | None = None, outcome: dict | None = None) -> None:
    require_owner(actor, case)
    if action == "reject" and not (reason or "").strip():
        raise InvalidField("不予受理须说明理由", {"reason": "必填"})
    if action == "merge":
        raise RuleBroken("合并请用合并操作", {"action": "merge"})
    to, log = CASE_WORKFLOW.apply(case["state"], action, actor, now, reason)
    if action == "resolve":
        if outcome is None:
            raise InvalidField("办结须填写处理结果", {"outcome": "必填"})
        case["outcome"] = check_outcome(outcome)
        case["resolved_at"] = now
    if action == "close":
        case["closed_at"] = now
    case["state"] = to
    case["timeline"].append(entry(actor, now, action, reason, **{"from": log["from"], "to": to}))
    case["updated_at"] = now


def assign_handler(case: dict, actor: Actor, handler: dict, now: datetime) -> None:
    """handler: {user_id, username} of someone in the owner department (names come from
    the gateway's users; a handler who later leaves can be replaced the same way)."""
    require_owner(actor, case)
    if case["state"] not in OPEN_STATES:
        raise RuleBroken("已办结的案件不能再指派经办人", {"state": case["state"]})
    case["handler"] = handler
    case["timeline"].append(entry(actor, now, "assigned", handler["username"]))
    case["updated_at"] = now


def record_consent(case: dict, actor: Actor, given: bool, note: str | None, now: datetime) -> None:
    if actor.role != "rights_staff":
        raise NotAllowed("只有维权中心可以记录投诉人的同意")
    case["consent"] = {"given": given, "at": now, "by": actor.audit(), "note": note}
    case["timeline"].append(entry(actor, now, "consent_given" if given else "consent_withdrawn", note))
    case["updated_at"] = now


def share_with(case: dict, department: str, actor: Actor, now: datetime,
               override_reason: str | None) -> dict:
    """Before the complainant's personal data goes to `department`: their consent, or an
    override with its reason (audited in the timeline). Returns how it was allowed."""
    if department in case["shared_with"]:
        return {"basis": "already_shared"}
    reason = (override_reason or "").strip()
    if case["consent"]["given"]:
        basis = {"basis": "consent"}
    elif reason:
        basis = {"basis": "override", "reason": reason}
        case["timeline"].append(entry(actor, now, "consent_override", reason, department=department))
    else:
        raise RuleBroken("投诉人尚未同意向其他部门提供个人信息;请先记录同意,或填写越过同意的理由",
                         {"override_reason": "未经同意时必填"})
    case["shared_with"].append(department)
    return basis


def check_department(field: str, department: str, case: dict) -> None:
    if department not in DEPARTMENTS or department not in HANDLER_ROLE:
        raise InvalidField("部门无效", {field: "未知的部门"})
    if department == case["owner_department"]:
        raise RuleBroken("不能转给本部门", {field: "已是承办部门"})


def transfer(case: dict, actor: Actor, to_department: str, reason: str, now: datetime,
             override_reason: str | None = None) -> None:
    """Transfer moves ownership (a referral only asks for an action)."""
    require_owner(actor, case)
    check_department("to_department", to_department, case)
    if case["state"] not in OPEN_STATES:
        raise RuleBroken("已办结的案件不能移交", {"state": case["state"]})
    share_with(case, to_department, actor, now, override_reason)
    previous = case["owner_department"]
    case["owner_department"] = to_department
    case["handler"] = None
    case["timeline"].append(entry(actor, now, "transferred", reason, **{"from": previous, "to": to_department}))
    case["updated_at"] = now


def merge(duplicate: dict, primary: dict, actor: Actor, now: datetime, reason: str) -> None:
    """The duplicate ends (rejected, merged_into the primary); the primary keeps a record
    of it, so the complainant's receipt still leads to the case that is being worked."""
    require_owner(actor, duplicate)
    require_owner(actor, primary)
    if duplicate["_id"] == primary["_id"]:
        raise InvalidField("不能与自身合并", {"into_case_id": "须为另一案件"})
    if primary["state"] not in OPEN_STATES:
        raise RuleBroken("只能并入尚在办理的案件", {"into_case_id": "该案件已办结"})
    to, _ = CASE_WORKFLOW.apply(duplicate["state"], "merge", actor, now, reason)
    duplicate["state"] = to
    duplicate["merged_into"] = primary["_id"]
    duplicate["timeline"].append(entry(actor, now, "merged", reason, into=primary["_id"],
                                       **{"to": to}))
    duplicate["updated_at"] = now
    primary["merged_from"].append(duplicate["_id"])
    primary["timeline"].append(entry(actor, now, "merged_from", reason, case_id=duplicate["_id"],
                                     receipt_number=duplicate["receipt_number"]))
    primary["amount_claimed"] = max(primary["amount_claimed"], duplicate["amount_claimed"])
    primary["updated_at"] = now
