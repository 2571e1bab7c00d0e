"""打击非法中介: tips (hotline, web, other departments; anonymous allowed) and enforcement
cases worked jointly by labor, police and commerce, each department seeing the cases it takes
part in. Pure."""
import re
import uuid
from datetime import datetime

from services.common.domain.actor import Actor
from services.common.domain.choices import Choices
from services.common.domain.errors import InvalidField, InvalidTransition, NotAllowed, RuleBroken
from services.common.domain.personal_data import mask_phone

CHANNELS = Choices([("hotline", "举报电话"), ("web", "网上举报"), ("department", "部门移送"),
                    ("rights", "维权中心转来"), ("verify_page", "核验页一键举报")])
STATUSES = Choices([("open", "已立案"), ("investigating", "查处中"), ("closed", "已结案")])
ACTIONS = Choices([("investigated", "调查取证"), ("evidence", "固定证据"), ("fined", "罚款"),
                   ("closed_down", "取缔"), ("referred", "移送司法机关")])
RESULTS = Choices([("closed_down", "已取缔"), ("fined", "已罚款"), ("referred", "已移送起诉"),
                   ("no_violation", "查无违法")])
DEPARTMENTS = ("labor", "police", "commerce")
# which department may record which action: fines and closing down are commerce's (工商取缔),
# prosecution referrals police's; investigation and evidence any partner's
ACTION_DEPARTMENTS = {"investigated": DEPARTMENTS, "evidence": DEPARTMENTS,
                      "fined": ("commerce", "labor"), "closed_down": ("commerce",),
                      "referred": ("police",)}
OFFICERS = ("county_admin", "police_officer", "commerce_officer")
_PHONE = {"type": "string", "pattern": r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$",
          "description_error": "须为 11 位手机号或带区号的固定电话"}

TIP_SCHEMA = {"type": "object", "additionalProperties": False,
              "required": ["suspect_name", "place", "details"],
              "properties": {"channel": CHANNELS.schema(),
                             "suspect_name": {"type": "string", "minLength": 2, "maxLength": 60},
                             "place": {"type": "string", "minLength": 2, "maxLength": 100},
                             "suspect_phones": {"type": "array", "maxItems": 5, "items": _PHONE},
                             "details": {"type": "string", "minLength": 5, "maxLength": 2000,
                                         "description_error": "请用 5-2000 字说明情况"},
                             "anonymous": {"type": "boolean"},
                             "reporter_name": {"type": "string", "minLength": 2, "maxLength": 30},
                             "reporter_phone": _PHONE,
                             "ad_filing_number": {"type": "string", "maxLength": 30}}}
CASE_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["suspect_name", "place"],
               "properties": {"suspect_name": {"type": "string", "minLength": 2, "maxLength": 60},
                              "place": {"type": "string", "minLength": 2, "maxLength": 100},
                              "suspect_phones": {"type": "array", "maxItems": 5, "items": _PHONE},
                              "tip_ids": {"type": "array", "maxItems": 20,
                                          "items": {"type": "string", "maxLength": 40}},
                              "departments": {"type": "array", "maxItems": 3, "items":
                                              {"enum": list(DEPARTMENTS)}}}}
ACTION_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["kind", "note"],
                 "properties": {"kind": ACTIONS.schema(),
                                "note": {"type": "string", "minLength": 2, "maxLength": 2000},
                                "amount": {"type": "number", "exclusiveMinimum": 0, "maximum": 10000000},
                                "evidence": {"type": "array", "maxItems": 20,
                                             "items": {"type": "string", "minLength": 1, "maxLength": 200}}}}
CLOSE_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["result", "note"],
                "properties": {"result": RESULTS.schema(),
                               "note": {"type": "string", "minLength": 2, "maxLength": 2000}}}
JOIN_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["department"],
               "properties": {"department": {"enum": list(DEPARTMENTS)}}}


def suspect_key(name: str) -> str:
    """Two reports of one suspect: same name once spaces and punctuation are gone."""
    return re.sub(r"[\s·•,,。.、()()\-]", "", name or "").lower()


def new_tip(body: dict, actor: Actor | None, now: datetime) -> dict:
    # anonymous unless the reporter leaves a name or phone (or says otherwise)
    anonymous = body.get("anonymous", not (body.get("reporter_name") or body.get("reporter_phone")))
    if not anonymous and not (body.get("reporter_name") and body.get("reporter_phone")):
        raise InvalidField("实名举报须留姓名和电话", {"reporter_phone": "实名举报必填"})
    reporter = None if anonymous else {"name": body["reporter_name"], "phone": body["reporter_phone"]}
    return {"_id": uuid.uuid4().hex, "channel": body.get("channel") or ("web" if actor is None else "hotline"),
            "suspect_name": body["suspect_name"].strip(), "suspect_key": suspect_key(body["suspect_name"]),
            "place": body["place"], "suspect_phones": body.get("suspect_phones", []),
            "details": body["details"], "anonymous": anonymous, "reporter": reporter,
            "ad_filing_number": body.get("ad_filing_number"), "case_id": None,
            "created_at": now, "created_by": actor.audit() if actor else None}


def tip_view(tip: dict, actor: Actor) -> dict:
    view = {k: v for k, v in tip.items() if k not in ("_id", "suspect_key")}
    view["id"] = tip["_id"]
    # the reporter is protected: only the labor office that takes tips sees who called
    if tip.get("reporter") and actor.role != "county_admin":
        view["reporter"] = {"name": tip["reporter"]["name"][:1] + "**",
                            "phone": mask_phone(tip["reporter"]["phone"])}
    return view


def new_case(body: dict, actor: Actor, now: datetime, source: str = "manual") -> dict:
    # a report forwarded by the rights service opens a case for the labor office by itself
    if actor.role not in OFFICERS and source != "rights":
        raise NotAllowed("无权立案")
    departments = list(dict.fromkeys([actor.department or "labor", *body.get("departments", [])]))
    return {"_id": uuid.uuid4().hex, "suspect_name": body["suspect_name"].strip(),
            "suspect_key": suspect_key(body["suspect_name"]), "place": body["place"],
            "suspect_phones": body.get("suspect_phones", []), "status": "open",
            "departments": departments, "tip_ids": list(body.get("tip_ids", [])),
            "complaint_ids": list(body.get("complaint_ids", [])), "actions": [], "result": None,
            "source": source, "log": [{"action": "opened", "at": now, "by": actor.audit()}],
            "opened_at": now, "opened_by": actor.audit(), "version": 1}


def takes_part(case: dict, actor: Actor) -> bool:
    return actor.role in OFFICERS and actor.department in case["departments"]


def _partner(case: dict, actor: Actor) -> None:
    if not takes_part(case, actor):
        raise NotAllowed("本部门未参与此案件")


def join(case: dict, department: str, actor: Actor, now: datetime) -> None:
    """Labor (which runs the hotline) brings police or commerce into a case."""
    _partner(case, actor)
    if department in case["departments"]:
        raise RuleBroken("该部门已参与此案件", {"department": "已参与"})
    case["departments"].append(department)
    case["log"].append({"action": "joined", "department": department, "at": now, "by": actor.audit()})


def add_action(case: dict, body: dict, actor: Actor, now: datetime) -> dict:
    _partner(case, actor)
    if case["status"] == "closed":
        raise InvalidTransition("案件已结案,不能再录入查处行动", {"status": "closed"})
    kind = body["kind"]
    if actor.department not in ACTION_DEPARTMENTS[kind]:
        raise NotAllowed(f"“{ACTIONS.label(kind)}”须由"
                         + "、".join({"labor": "劳动", "police": "公安", "commerce": "工商"}[d]
                                    for d in ACTION_DEPARTMENTS[kind]) + "部门录入")
    if kind == "fined" and not body.get("amount"):
        raise InvalidField("罚款须填写金额", {"amount": "必填"})
    action = {"id": uuid.uuid4().hex, "kind": kind, "note": body["note"],
              "amount": body.get("amount") if kind == "fined" else None,
              "evidence": body.get("evidence", []), "department": actor.department,
              "at": now, "by": actor.audit()}
    case["actions"].append(action)
    case["status"] = "investigating"
    return action


def close(case: dict, result: str, note: str, actor: Actor, now: datetime) -> None:
    _partner(case, actor)
    if case["status"] == "closed":
        raise InvalidTransition("案件已结案", {"status": "closed"})
    if result != "no_violation" and not any(a["kind"] == result for a in case["actions"]):
        raise RuleBroken(f"结案结果“{RESULTS.label(result)}”须先有相应的查处行动记录",
                         {"result": "缺少相应行动"})
    case["status"], case["result"] = "closed", result
    case["closed_at"] = now
    case["log"].append({"action": "closed", "result": result, "note": note, "at": now, "by": actor.audit()})


def link_report(case: dict, complaint_id: str, now: datetime) -> bool:
    """A rights case about the same suspect joins the enforcement case (once)."""
    if complaint_id in case["complaint_ids"]:
        return False
    case["complaint_ids"].append(complaint_id)
    case["log"].append({"action": "complaint_linked", "complaint_id": complaint_id, "at": now,
                        "by": None})
    return True
