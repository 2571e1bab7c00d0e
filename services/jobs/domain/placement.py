"""Applications (求职登记) with outcomes, placements (安置到岗) and the follow-ups after them
(2 weeks, 3, 6 and 12 months) in the township station's task list."""
import calendar
from datetime import date, datetime, timedelta

from services.common.domain.actor import Actor
from services.common.domain.choices import Choices
from services.common.domain.errors import InvalidField, InvalidTransition

from .common import DATE_SCHEMA, new_id, parse_date

OUTCOMES = Choices([("hired", "录用"), ("not_mobile", "不愿外出"), ("lacking_skills", "技能不足"),
                    ("hired_elsewhere", "已在别处就业"), ("wage_too_low", "工资不满意"),
                    ("employer_declined", "单位未录用"), ("no_answer", "60 天未答复,自动关闭"),
                    ("other", "其他")])
APPLICATION_STATES = {"applied": "已报名", "hired": "已录用", "refused": "未成功", "closed": "已关闭"}
ORGANIZERS = Choices([("township_station", "乡镇劳务站"), ("county_office", "县劳务办"),
                      ("agency", "职业中介"), ("base", "输出基地"), ("self", "自行联系")])
FOLLOW_UPS = (("2w", "两周回访", 14), ("3m", "三个月回访", 3), ("6m", "六个月回访", 6),
              ("12m", "十二个月回访", 12))
STALE_DAYS = 60

APPLICATION_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["person_id"],
    "properties": {"person_id": {"type": "string", "minLength": 1, "maxLength": 64},
                   "posting_id": {"type": "string", "minLength": 1, "maxLength": 64},
                   "order_id": {"type": "string", "minLength": 1, "maxLength": 64},
                   "notes": {"type": "string", "maxLength": 500}},
}
OUTCOME_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["outcome"],
    "properties": {"outcome": OUTCOMES.schema(), "reason": {"type": "string", "maxLength": 500}},
}
PLACEMENT_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["person_id", "start_date", "monthly_wage", "organized_by"],
    "properties": {"person_id": {"type": "string", "minLength": 1, "maxLength": 64},
                   "posting_id": {"type": "string", "minLength": 1, "maxLength": 64},
                   "order_id": {"type": "string", "minLength": 1, "maxLength": 64},
                   "application_id": {"type": "string", "minLength": 1, "maxLength": 64},
                   "start_date": DATE_SCHEMA,
                   "monthly_wage": {"type": "integer", "minimum": 0, "maximum": 100000},
                   "organized_by": ORGANIZERS.schema(),
                   "city": {"type": "string", "maxLength": 30}},
}
FOLLOW_UP_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["still_employed", "wage_paid_on_time"],
    "properties": {"still_employed": {"type": "boolean"}, "wage_paid_on_time": {"type": "boolean"},
                   "monthly_wage": {"type": "integer", "minimum": 0, "maximum": 100000},
                   "months_unpaid": {"type": "integer", "minimum": 0, "maximum": 60},
                   "notes": {"type": "string", "maxLength": 1000}},
}


def one_of(body: dict) -> None:
    """A posting or an order, exactly one."""
    if bool(body.get("posting_id")) == bool(body.get("order_id")):
        raise InvalidField("须且只能填写岗位或订单之一", {"posting_id": "岗位与订单须选且只选一个"})


def new_application(body: dict, worker: dict, actor: Actor, now: datetime) -> dict:
    one_of(body)
    return dict(body, _id=new_id(), township_code=worker["township_code"],
                village_code=worker.get("village_code"), status="applied", outcome=None,
                created_at=now, created_by=actor.audit(), version=1)


def decide(application: dict, outcome: str, reason: str | None, actor: Actor, now: datetime) -> dict:
    if application["status"] != "applied":
        raise InvalidTransition("该报名已有结果", {"status": application["status"]})
    if outcome == "other" and not (reason or "").strip():
        raise InvalidField("须填写原因", {"reason": "结果为“其他”时须说明"})
    application.update(status="hired" if outcome == "hired" else ("closed" if outcome == "no_answer" else "refused"),
                       outcome=outcome, outcome_reason=(reason or "").strip() or OUTCOMES.label(outcome),
                       decided_at=now, decided_by=actor.audit())
    return application


def check_placeable(application: dict, body: dict) -> None:
    """A placement that follows an application: the same person and posting or order, after
    the outcome "hired", and only once."""
    if any(application.get(k) != body.get(k) for k in ("person_id", "posting_id", "order_id")):
        raise InvalidField("安置与报名记录不符", {"application_id": "人员或岗位、订单与该报名不一致"})
    if application["status"] != "hired":
        raise InvalidTransition("只有已录用的报名才能登记安置", {"application_id": "尚未录用"})
    if application.get("placement_id"):
        raise InvalidTransition("该报名已登记安置", {"application_id": "已登记安置"})


def order_title(order: dict) -> str:
    """An order as staff name it: its positions and headcounts (普工 30 人、电工 2 人)."""
    return "、".join(f"{p['title']} {p['headcount']} 人" for p in order["positions"])


def stale(application: dict, now: datetime) -> bool:
    return application["status"] == "applied" and (now - application["created_at"]).days >= STALE_DAYS


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def new_placement(body: dict, worker: dict, employer: dict, source: dict, actor: Actor, now: datetime) -> dict:
    one_of(body)
    start = parse_date(body["start_date"], "start_date")
    return dict(body, _id=new_id(), township_code=worker["township_code"],
                village_code=worker.get("village_code"), employer_id=employer["_id"],
                employer_name=employer["name"], city=body.get("city") or source.get("work_city") or "",
                work_region=source.get("work_region"), posting_id=body.get("posting_id"),
                order_id=body.get("order_id"), organized=body["organized_by"] != "self",
                start_date=start.isoformat(), created_at=now, created_by=actor.audit(), version=1)


def follow_ups(placement: dict) -> list[dict]:
    start = date.fromisoformat(placement["start_date"])
    out = []
    for code, label, n in FOLLOW_UPS:
        due = start + timedelta(days=n) if code == "2w" else add_months(start, n)
        out.append({"_id": f"{placement['_id']}:{code}", "placement_id": placement["_id"],
                    "person_id": placement["person_id"], "township_code": placement["township_code"],
                    "village_code": placement.get("village_code"), "kind": code, "label": label,
                    "due_on": due.isoformat(), "status": "due", "employer_name": placement["employer_name"]})
    return out


def record_follow_up(task: dict, body: dict, actor: Actor, now: datetime) -> dict:
    if task["status"] != "due":
        raise InvalidTransition("该回访已登记", {"status": task["status"]})
    task.update(status="done", result=body, done_at=now, done_by=actor.audit())
    return task


def placement_event_data(p: dict, at: datetime) -> dict:
    return {"placement_id": p["_id"], "person_id": p["person_id"], "township_code": p["township_code"],
            "employer_id": p["employer_id"], "employer_name": p["employer_name"], "city": p["city"],
            "work_region": p.get("work_region") or "other", "posting_id": p["posting_id"],
            "order_id": p["order_id"], "start_date": p["start_date"], "monthly_wage": p["monthly_wage"],
            "organized": p["organized"], "placed_at": at.isoformat()}


def wage_unpaid_event_data(task: dict, placement: dict, at: datetime) -> dict:
    return {"placement_id": placement["_id"], "person_id": placement["person_id"],
            "township_code": placement["township_code"], "employer_id": placement["employer_id"],
            "employer_name": placement["employer_name"], "follow_up": task["kind"],
            "months_unpaid": task["result"].get("months_unpaid", 0), "reported_at": at.isoformat()}
