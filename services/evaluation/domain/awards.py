"""创业之星 awards for returned entrepreneurs (三(六)): a township nominates a person the registry
knows as an entrepreneur of that township; the county office shortlists or rejects, then
awards. Pure."""
import uuid
from datetime import datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, OutOfRegion
from services.common.domain.workflow import Workflow

WORKFLOW = Workflow(
    name="award",
    transitions={("nominated", "shortlist"): "shortlisted", ("nominated", "reject"): "rejected",
                 ("shortlisted", "reject"): "rejected", ("shortlisted", "award"): "awarded"},
    state_labels={"nominated": "已推荐", "shortlisted": "已入围", "rejected": "未通过",
                  "awarded": "已授予"},
    action_labels={"shortlist": "入围", "reject": "不予通过", "award": "授予"},
)
NOMINATORS = ("township_staff",)
REVIEWERS = ("county_admin",)
READERS = ("township_staff", "county_admin", "leader")

NOMINATION_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["year", "person_id", "display_name", "business", "deeds"],
    "properties": {
        "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "person_id": {"type": "string", "minLength": 1, "maxLength": 64},
        "display_name": {"type": "string", "minLength": 2, "maxLength": 30,
                         "description_error": "姓名须为 2-30 字"},
        "business": {"type": "string", "minLength": 2, "maxLength": 100,
                     "description_error": "创业项目须为 2-100 字"},
        "deeds": {"type": "string", "minLength": 10, "maxLength": 3000,
                  "description_error": "主要事迹至少 10 字"},
    },
}
REVIEW_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["action"],
    "properties": {"action": {"enum": ["shortlist", "reject", "award"],
                              "x-labels": WORKFLOW.action_labels},
                   "reason": {"type": "string", "maxLength": 500}},
}


def new_nomination(body: dict, actor: Actor, entrepreneur: dict | None, now: datetime) -> dict:
    if actor.role not in NOMINATORS:
        raise NotAllowed("只有乡镇服务站可以推荐")
    if entrepreneur is None:
        raise InvalidField("该人员不是登记在册的返乡创业人员", {"person_id": "劳动力档案中不是返乡创业状态"})
    if entrepreneur["township_code"] != actor.region_code:
        raise OutOfRegion("只能推荐本乡镇的返乡创业人员")
    return {"_id": uuid.uuid4().hex, "year": body["year"], "person_id": body["person_id"],
            "township_code": entrepreneur["township_code"],
            "display_name": body["display_name"].strip(), "business": body["business"].strip(),
            "deeds": body["deeds"].strip(), "status": "nominated", "log": [],
            "nominated_at": now, "nominated_by": actor.audit(), "version": 1}


def review(nomination: dict, action: str, actor: Actor, now: datetime, reason: str | None) -> dict:
    if actor.role not in REVIEWERS:
        raise NotAllowed("只有县劳务办可以评审")
    if action == "reject" and not (reason or "").strip():
        raise InvalidField("不予通过须说明理由", {"reason": "必填"})
    nomination["status"], entry = WORKFLOW.apply(nomination["status"], action, actor, now, reason)
    nomination["log"].append(entry)
    return nomination
