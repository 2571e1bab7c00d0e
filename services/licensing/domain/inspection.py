"""监督检查: scheduled or unannounced, by named inspectors, on a checklist (organization,
targets, fees, service quality), with findings, deductions by rule and a follow-up deadline. Pure."""
import uuid
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.choices import Choices
from services.common.domain.errors import InvalidField, NotAllowed, RuleBroken

KINDS = Choices([("scheduled", "定期检查"), ("unannounced", "突击检查"), ("random", "双随机抽查")])
CHECKLIST = Choices([("organization", "机构设置与人员"), ("targets", "劳务输出目标"),
                     ("fees", "收费情况"), ("service_quality", "服务质量")])
RESULTS = Choices([("pass", "合格"), ("fail", "不合格")])
INSPECTORS = ("county_admin",)
DATE = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\d$", "description_error": "日期格式为 YYYY-MM-DD"}

INSPECTION_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["kind", "inspected_on", "inspectors", "checklist", "findings"],
    "properties": {
        "kind": KINDS.schema(),
        "inspected_on": DATE,
        "inspectors": {"type": "array", "minItems": 2, "maxItems": 10,
                       "items": {"type": "string", "minLength": 2, "maxLength": 30}},
        "checklist": {"type": "object", "additionalProperties": False,
                      "required": list(CHECKLIST.codes),
                      "properties": {c: {"type": "object", "additionalProperties": False,
                                         "required": ["result"],
                                         "properties": {"result": RESULTS.schema(),
                                                        "note": {"type": "string", "maxLength": 300}}}
                                     for c in CHECKLIST.codes}},
        "findings": {"type": "string", "minLength": 2, "maxLength": 2000},
        "deductions": {"type": "array", "maxItems": 20,
                       "items": {"type": "string", "minLength": 1, "maxLength": 41}},
        "follow_up_due": DATE,
        "draw_id": {"type": "string", "maxLength": 40},
    },
}
FOLLOW_UP_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["note"],
                    "properties": {"note": {"type": "string", "minLength": 2, "maxLength": 1000},
                                   "rectified": {"type": "boolean"}}}


def _day(body: dict, key: str) -> date | None:
    if not body.get(key):
        return None
    try:
        return date.fromisoformat(body[key])
    except ValueError:
        raise InvalidField("日期无效", {key: "不是有效日期"})


def new_inspection(body: dict, agency: dict, actor: Actor, now: datetime) -> dict:
    """Two inspectors at least (执法须两人以上); a failed item needs a follow-up deadline."""
    if actor.role not in INSPECTORS:
        raise NotAllowed("无权录入监督检查")
    if agency.get("license_number") is None:
        raise RuleBroken("只能检查已取得许可证的机构", {"agency_id": "尚未许可"})
    inspected_on = _day(body, "inspected_on")
    if inspected_on > now.date():
        raise InvalidField("检查日期不能晚于今天", {"inspected_on": "不能晚于今天"})
    failed = [c for c, item in body["checklist"].items() if item["result"] == "fail"]
    due = _day(body, "follow_up_due")
    if failed and due is None:
        raise InvalidField("有不合格项时须规定整改期限", {"follow_up_due": "必填"})
    if due is not None and due <= inspected_on:
        raise InvalidField("整改期限须晚于检查日期", {"follow_up_due": "须晚于检查日期"})
    if len(set(body["inspectors"])) != len(body["inspectors"]):
        raise InvalidField("检查人员重复", {"inspectors": "不能重复"})
    return {"_id": uuid.uuid4().hex, "agency_id": agency["_id"], "agency_name": agency["name"],
            "kind": body["kind"], "inspected_on": body["inspected_on"],
            "inspectors": body["inspectors"], "checklist": body["checklist"],
            "findings": body["findings"], "deduction_rules": list(dict.fromkeys(body.get("deductions", []))),
            "result": "fail" if failed else "pass", "failed_items": failed,
            "follow_up_due": body.get("follow_up_due"), "follow_up": None,
            "draw_id": body.get("draw_id"), "created_at": now, "created_by": actor.audit(),
            "version": 1}


def record_follow_up(inspection: dict, body: dict, actor: Actor, now: datetime) -> None:
    if actor.role not in INSPECTORS:
        raise NotAllowed("无权录入整改情况")
    if inspection.get("follow_up_due") is None:
        raise RuleBroken("该次检查无整改要求", {"follow_up_due": "无"})
    if inspection.get("follow_up"):
        raise RuleBroken("整改情况已录入", {"follow_up": "已录入"})
    inspection["follow_up"] = {"note": body["note"], "rectified": body.get("rectified", True),
                               "late": now.date() > date.fromisoformat(inspection["follow_up_due"]),
                               "at": now, "by": actor.audit()}


def overdue(inspection: dict, today: date) -> bool:
    return (inspection.get("follow_up_due") is not None and not inspection.get("follow_up")
            and date.fromisoformat(inspection["follow_up_due"]) < today)
