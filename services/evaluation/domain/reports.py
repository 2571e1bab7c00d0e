"""Periodic reports (月报, 季报, 半年报, 年报) of a township: figures prefilled from its
indicators, a narrative and manual fields; draft → submitted → returned | accepted, due dates
and late flags. Pure."""
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, OutOfRegion
from services.common.domain.workflow import Workflow

from .calendar import LOCAL, due_date, parse_period, period_label

WORKFLOW = Workflow(
    name="report",
    transitions={("draft", "submit"): "submitted", ("returned", "submit"): "submitted",
                 ("submitted", "return"): "returned", ("submitted", "accept"): "accepted"},
    state_labels={"draft": "草稿", "submitted": "已上报", "returned": "已退回", "accepted": "已采纳"},
    action_labels={"submit": "上报", "return": "退回", "accept": "采纳"},
)
EDITABLE = ("draft", "returned")
WRITERS = ("township_staff",)             # a township files its own reports
REVIEWERS = ("county_admin",)             # the county office returns or accepts
READERS = ("county_admin", "leader", "township_staff")
# what a township writes beside the figures (Chinese labels for forms and exports)
MANUAL_FIELDS = {"organization": "组织建设情况", "publicity": "宣传培训情况",
                 "problems": "存在问题", "next_steps": "下步打算"}

REPORT_BODY_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "narrative": {"type": "string", "maxLength": 5000},
        "manual": {"type": "object", "additionalProperties": False,
                   "properties": {k: {"type": "string", "maxLength": 2000} for k in MANUAL_FIELDS}},
        "version": {"type": "integer", "minimum": 0},
    },
}


def report_id(township: str, period_type: str, period: str) -> str:
    return f"{township}:{period_type}:{period}"


def local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL).date()


def new_report(township: str, period_type: str, period: str, figures: dict, now: datetime) -> dict:
    year, months = parse_period(period_type, period)
    return {"_id": report_id(township, period_type, period), "township_code": township,
            "period_type": period_type, "period": period, "year": year, "months": months,
            "label": period_label(period_type, period),
            "due_date": due_date(period_type, months).isoformat(), "status": "draft",
            "figures": figures, "narrative": "", "manual": {k: "" for k in MANUAL_FIELDS},
            "submitted_at": None, "late": False, "log": [], "created_at": now, "version": 0}


def check_owner(actor: Actor, township: str) -> None:
    """A township user files its own township's reports and no other's."""
    if actor.role not in WRITERS:
        raise NotAllowed("只有乡镇服务站可以填报")
    if actor.region_code != township:
        raise OutOfRegion("只能填报本乡镇的报告")


def check_reader(actor: Actor, township: str) -> None:
    if actor.role not in READERS:
        raise NotAllowed("无权查看报告")
    if actor.role == "township_staff" and actor.region_code != township:
        raise OutOfRegion("只能查看本乡镇的报告")


def edit(report: dict, body: dict) -> dict:
    if report["status"] not in EDITABLE:
        raise InvalidField("已上报的报告不能修改", {"status": WORKFLOW.state_labels[report["status"]]})
    if "narrative" in body:
        report["narrative"] = body["narrative"].strip()
    for key, text in (body.get("manual") or {}).items():
        report["manual"][key] = text.strip()
    return report


def transition(report: dict, action: str, actor: Actor, now: datetime, reason: str | None = None) -> dict:
    if action == "return" and not (reason or "").strip():
        raise InvalidField("退回须说明理由", {"reason": "必填"})
    if action == "submit" and not report["narrative"]:
        raise InvalidField("上报前须填写工作总结", {"narrative": "必填"})
    report["status"], entry = WORKFLOW.apply(report["status"], action, actor, now, reason)
    report["log"].append(entry)
    if action == "submit":
        report["submitted_at"] = now
        # late is judged on the first submission: a return and resubmission does not make a
        # report that came in on time late
        if not any(e["action"] == "submit" for e in report["log"][:-1]):
            report["late"] = local_date(now).isoformat() > report["due_date"]
    return report


def overdue(report: dict | None, due: str, today: date) -> bool:
    """Not submitted and past its due date."""
    never_submitted = report is None or not any(e["action"] == "submit" for e in report["log"])
    return never_submitted and today.isoformat() > due
