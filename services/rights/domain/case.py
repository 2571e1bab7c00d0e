"""A complaint and the case it becomes (举报投诉 → 案件): intake rules, the record, views.
Pure: no I/O. One document holds the case with its referrals, legal aid and timeline, so
that a change and its log entry are one write."""
import secrets
import uuid
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed
from services.common.domain.personal_data import mask_phone

from .access import INTAKE_ROLES, can_read, sees_personal_data
from .codes import CASE_STATES, CATEGORIES, CHANNELS, OUTCOMES, RESPONDENT_TYPES, STAFF_CHANNELS
from .deadlines import due_date, is_overdue
from .townships import TOWNSHIPS
from .workflow import CASE_ACTIONS

PHONE = {"type": "string", "pattern": r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$",
         "description_error": "须为 11 位手机号或带区号的固定电话"}
NAME = {"type": "string", "minLength": 2, "maxLength": 30,
        "pattern": r"^[\u3400-\u9fffA-Za-z·•\s]+$", "description_error": "姓名须为 2-30 个汉字或字母"}
TOWNSHIP = {"type": ["string", "null"], "pattern": r"^411325\d{3}$",
            "description_error": "须为内乡县的 9 位乡镇代码"}
AMOUNT = {"type": "number", "minimum": 0, "maximum": 100_000_000}
TEXT = lambda n: {"type": "string", "maxLength": n}  # noqa: E731

COMPLAINANT = {
    "type": "object", "additionalProperties": False, "required": ["name", "phone"],
    "properties": {"name": NAME, "phone": PHONE,
                   "person_id": {"type": "string", "maxLength": 64},
                   "confidential": {"type": "boolean"},
                   "consent_to_share": {"type": "boolean"}},
}
RESPONDENT = {
    "type": "object", "additionalProperties": False, "required": ["type", "name"],
    "properties": {"type": RESPONDENT_TYPES.schema(),
                   "id": {"type": ["string", "null"], "maxLength": 64},
                   "name": {"type": "string", "minLength": 2, "maxLength": 100,
                            "description_error": "须为 2-100 字的单位或个人名称"}},
}
ATTACHMENTS = {"type": "array", "maxItems": 20,
               "items": {"type": "object", "additionalProperties": False, "required": ["name"],
                         "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 100},
                                        "note": TEXT(200)}}}
_COMMON = {
    "category": CATEGORIES.schema(),
    "complainant": COMPLAINANT,
    "respondent": RESPONDENT,
    "amount_claimed": AMOUNT,
    "place": {"type": "string", "minLength": 2, "maxLength": 100,
              "description_error": "请填写 2-100 字的事发地点"},
    "township_code": TOWNSHIP,
    "description": {"type": "string", "minLength": 5, "maxLength": 2000,
                    "description_error": "请用 5-2000 字说明情况"},
    "attachments": ATTACHMENTS,
}
REQUIRED = ["category", "complainant", "respondent", "place", "description"]
COMPLAINT_SCHEMA = {"type": "object", "additionalProperties": False,
                    "required": ["channel", *REQUIRED],
                    "properties": {"channel": {"enum": list(STAFF_CHANNELS),
                                               "x-labels": {c: CHANNELS.label(c) for c in STAFF_CHANNELS}},
                                   "draft_id": {"type": "string", "maxLength": 64},
                                   **_COMMON}}
# the worker's own web form: no channel (it is "web"), no attachments, no drafts
PUBLIC_COMPLAINT_SCHEMA = {"type": "object", "additionalProperties": False, "required": REQUIRED,
                           "properties": {k: v for k, v in _COMMON.items() if k != "attachments"}}

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read over the phone


def new_receipt_number(now: datetime) -> str:
    """WQ + date + 6 random characters: unguessable, so a status page cannot be walked."""
    return f"WQ{now:%Y%m%d}" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(6))


def new_case(body: dict, channel: str, actor: Actor, now: datetime, townships: dict | None = None,
             agency: dict | None = None) -> dict:
    """Check a complaint and build the case record (state received); raises a DomainError.
    `agency`: the local copy of the licensing record the respondent id names, if any."""
    if channel != "web" and channel != "wage_alert" and actor.role not in INTAKE_ROLES:
        raise NotAllowed(f"角色“{actor.role}”不能登记投诉")
    township = body.get("township_code")
    townships = TOWNSHIPS if townships is None else townships
    if township and township not in townships:
        raise InvalidField("乡镇代码无效", {"township_code": "未知的乡镇代码"})
    if actor.role in ("township_staff", "village_liaison"):
        # a township passes on its own people's complaints
        own = (actor.region_code or "")[:9]
        if township and township != own:
            raise InvalidField("只能登记本乡镇的投诉", {"township_code": "须为本乡镇"})
        township = own
    respondent = dict(body["respondent"])
    respondent["name"] = respondent["name"].strip()
    respondent.setdefault("id", None)
    if respondent["type"] == "agency" and respondent["id"]:
        if agency is None:
            raise InvalidField("未找到该中介机构", {"respondent.id": "不是已登记的中介机构"})
        respondent["name"] = agency["name"]
        respondent["license_number"] = agency.get("license_number")
    if respondent["type"] in ("unlicensed_agency", "other"):
        respondent["id"] = None  # nothing in licensing to link to
    complainant = dict(body["complainant"])
    complainant["name"] = complainant["name"].strip()
    consent = bool(complainant.pop("consent_to_share", False))
    complainant["confidential"] = bool(complainant.get("confidential", False))
    case_id = uuid.uuid4().hex
    return {
        "_id": case_id,
        "receipt_number": new_receipt_number(now),
        "channel": channel,
        "category": body["category"],
        "complainant": complainant,
        "respondent": respondent,
        "amount_claimed": float(body.get("amount_claimed") or 0),
        "place": body["place"].strip(),
        "township_code": township,
        "description": body["description"].strip(),
        "attachments": list(body.get("attachments", [])),
        "state": "received",
        "owner_department": "labor",
        "handler": None,
        "due_date": due_date(body["category"], now),
        "consent": {"given": consent, "at": now if consent else None,
                    "by": actor.audit() if consent else None},
        "shared_with": ["labor"],
        "referrals": [],
        "legal_aid": None,
        "outcome": None,
        "merged_into": None,
        "merged_from": [],
        "timeline": [entry(actor, now, "received", note=CHANNELS.label(channel))],
        "received_at": now, "created_at": now, "created_by": actor.audit(),
        "updated_at": now, "closed_at": None,
        "version": 1,
    }


def entry(actor: Actor, at: datetime, action: str, note: str | None = None, **more) -> dict:
    """One line of the case's timeline: who did what, when, and why."""
    return {"action": action, "at": at, "by": actor.audit(), "note": note, **more}


def check_outcome(body: dict) -> dict:
    outcome = body["outcome"]
    wages = float(body.get("wages_recovered") or 0)
    compensation = float(body.get("compensation") or 0)
    if outcome == "wages_recovered" and wages <= 0:
        raise InvalidField("请填写追回的工资金额", {"wages_recovered": "结果为追回工资时须大于 0"})
    if outcome == "compensation" and compensation <= 0:
        raise InvalidField("请填写赔偿金额", {"compensation": "结果为获得赔偿时须大于 0"})
    if outcome == "nothing" and (wages or compensation):
        raise InvalidField("无结果时不应填写金额", {"outcome": "与所填金额矛盾"})
    substantiated = body.get("substantiated")
    if substantiated is None:
        substantiated = outcome != "nothing"
    return {"outcome": outcome, "substantiated": bool(substantiated), "wages_recovered": wages,
            "compensation": compensation, "note": (body.get("note") or "").strip() or None}


OUTCOME_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["outcome"],
    "properties": {"outcome": OUTCOMES.schema(), "substantiated": {"type": "boolean"},
                   "wages_recovered": AMOUNT, "compensation": AMOUNT, "note": TEXT(500),
                   "version": {"type": "integer", "minimum": 1}},
}


def mask_name(name: str) -> str:
    return name[:1] + "*" * max(1, len(name) - 1) if name else name


def _iso(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_iso(v) for v in value]
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    return value


def case_view(case: dict, actor: Actor, today: date) -> dict:
    """The case as this actor may see it: complainant masked unless they keep it."""
    if not can_read(actor, case):
        raise NotAllowed("无权查看该案件")
    view = {k: v for k, v in case.items() if k != "_id"}
    view["id"] = case["_id"]
    view["overdue"] = is_overdue(case, today)
    c = dict(case["complainant"])
    if not sees_personal_data(actor, case):
        if c.get("confidential"):
            c.update(name="(保密)", phone=None)
        else:
            c.update(name=mask_name(c["name"]), phone=mask_phone(c.get("phone")))
        c.pop("person_id", None)
        view["personal_data_masked"] = True
    else:
        view["personal_data_masked"] = False
    view["complainant"] = c
    return _iso(view)


def public_status(case: dict, merged_into: dict | None = None) -> dict:
    """What anyone holding the receipt number may read: no names, phones, respondent or
    handler; dates and the steps' labels only."""
    public_steps = {"received": "投诉已登记", **CASE_ACTIONS, "referred": "已转相关部门协办",
                    "transferred": "已移交相关部门办理", "legal_aid_requested": "已申请法律援助",
                    "legal_aid_assigned": "已指派法律援助人员", "merged_from": "合并了重复投诉"}
    view = {
        "receipt_number": case["receipt_number"],
        "state": case["state"], "state_label": CASE_STATES.label(case["state"]),
        "category": case["category"], "category_label": CATEGORIES.label(case["category"]),
        "received_on": case["received_at"].date().isoformat(),
        "due_date": case["due_date"],
        "steps": [{"on": e["at"].date().isoformat(), "label": public_steps[e["action"]]}
                  for e in case["timeline"] if e["action"] in public_steps],
    }
    if merged_into is not None:
        view["merged_into"] = public_status(merged_into)
    return view
