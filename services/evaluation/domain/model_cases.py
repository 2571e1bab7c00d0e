"""Model cases (先进典型) and media reports of them, recorded by townships: the plan asks for at
least 10 a year in the media. Each is an indicator too (model_cases, media_reports). Pure."""
import uuid
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.choices import Choices
from services.common.domain.errors import InvalidField, NotAllowed, OutOfRegion

KINDS = Choices([("model_case", "先进典型"), ("media_report", "媒体报道")])
RECORDERS = ("township_staff", "county_admin")
READERS = ("township_staff", "county_admin", "leader")
YEARLY_MEDIA_GOAL = 10

MODEL_CASE_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["kind", "title", "on"],
    "properties": {
        "kind": KINDS.schema(),
        "township_code": {"type": "string", "pattern": r"^\d{9}$", "description_error": "须为 9 位乡镇代码"},
        "title": {"type": "string", "minLength": 4, "maxLength": 100, "description_error": "标题须为 4-100 字"},
        "summary": {"type": "string", "maxLength": 2000},
        "medium": {"type": "string", "maxLength": 60},
        "on": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description_error": "日期格式为 YYYY-MM-DD"},
    },
}


def new_model_case(body: dict, actor: Actor, townships: dict, now: datetime) -> dict:
    if actor.role not in RECORDERS:
        raise NotAllowed("无权登记先进典型")
    township = body.get("township_code") or (actor.region_code if actor.role == "township_staff" else None)
    if township not in townships:
        raise InvalidField("乡镇代码无效", {"township_code": "须为本县乡镇代码"})
    if actor.role == "township_staff" and township != actor.region_code:
        raise OutOfRegion("只能登记本乡镇的先进典型")
    try:
        on = date.fromisoformat(body["on"])
    except ValueError:
        raise InvalidField("日期无效", {"on": "不是有效日期"}) from None
    if on > now.date():
        raise InvalidField("日期无效", {"on": "不能晚于今天"})
    if body["kind"] == "media_report" and not (body.get("medium") or "").strip():
        raise InvalidField("媒体报道须填写媒体名称", {"medium": "必填"})
    return {"_id": uuid.uuid4().hex, "kind": body["kind"], "township_code": township,
            "title": body["title"].strip(), "summary": (body.get("summary") or "").strip(),
            "medium": (body.get("medium") or "").strip() or None, "on": on.isoformat(),
            "year": on.year, "recorded_at": now, "recorded_by": actor.audit()}


def event_data(case: dict) -> dict:
    """No title or summary in the event: they may name people."""
    return {"model_case_id": case["_id"], "township_code": case["township_code"],
            "kind": case["kind"], "on": case["on"], "recorded_at": case["recorded_at"].isoformat()}
