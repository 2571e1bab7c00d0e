"""Job postings (招聘信息) and their review workflow: every posting is checked, reviewed and
filed (统一把关、审核、备案) by the county office before it is published.

draft -submit-> submitted -approve-> published (with a filing number 备案号)
                          -reject--> rejected (with reasons) -revise-> draft
draft/submitted/published -withdraw-> withdrawn;  published -expire-> expired"""
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, RuleBroken
from services.common.domain.workflow import Workflow

from .common import DATE_SCHEMA, TEXT, new_id, parse_date
from .labels import BOARD, EDUCATION, HEALTH, INDUSTRIES, SEX_REQUIREMENT, WORK_REGIONS

POSTING_FLOW = Workflow(
    name="posting",
    transitions={
        ("draft", "submit"): "submitted",
        ("submitted", "approve"): "published",
        ("submitted", "reject"): "rejected",
        ("rejected", "revise"): "draft",
        ("draft", "withdraw"): "withdrawn",
        ("submitted", "withdraw"): "withdrawn",
        ("published", "withdraw"): "withdrawn",
        ("published", "expire"): "expired",
    },
    state_labels={"draft": "草稿", "submitted": "待审核", "published": "已发布", "rejected": "已驳回",
                  "withdrawn": "已撤回", "expired": "已过期"},
    action_labels={"submit": "提交审核", "approve": "审核通过", "reject": "驳回", "revise": "退回修改",
                   "withdraw": "撤回", "expire": "到期"},
)
STATES = POSTING_FLOW.state_labels
# actions that need a reason in the log
NEEDS_REASON = ("reject", "withdraw")
MAX_VALIDITY_DAYS = 180

REQUIREMENTS = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "age_min": {"type": "integer", "minimum": 16, "maximum": 70},
        "age_max": {"type": "integer", "minimum": 16, "maximum": 70},
        "sex": SEX_REQUIREMENT.schema(),
        "sex_reason": {"type": "string", "maxLength": 200},
        "education": EDUCATION.schema(),
        "skills": {"type": "array", "maxItems": 10, "items": {"type": "string", "minLength": 1, "maxLength": 30}},
        "health": HEALTH.schema(),
        "other": {"type": "string", "maxLength": 500},
    },
}

POSTING_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["title", "employer_id", "industry", "work_region", "work_city", "headcount",
                 "salary_min", "salary_max", "valid_from", "valid_until"],
    "properties": {
        "title": {"type": "string", "minLength": 2, "maxLength": 60, "description_error": "岗位名称须为 2-60 字"},
        "employer_id": {"type": "string", "minLength": 1, "maxLength": 64},
        "agency_id": {"type": "string", "minLength": 1, "maxLength": 64},
        "industry": INDUSTRIES.schema(),
        "work_region": WORK_REGIONS.schema(),
        "work_city": {"type": "string", "minLength": 2, "maxLength": 30},
        "headcount": {"type": "integer", "minimum": 1, "maximum": 10000},
        "salary_min": {"type": "integer", "minimum": 0, "maximum": 100000},
        "salary_max": {"type": "integer", "minimum": 0, "maximum": 100000},
        "hours": {"type": "string", "maxLength": 100},
        "board": BOARD.schema(),
        "description": TEXT,
        "requirements": REQUIREMENTS,
        "training_offered": {"type": "string", "maxLength": 500},
        "contract_terms": {"type": "string", "maxLength": 1000},
        "valid_from": DATE_SCHEMA, "valid_until": DATE_SCHEMA,
    },
}

REVIEW_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["decision"],
    "properties": {"decision": {"enum": ["approve", "reject"], "x-labels": {"approve": "通过", "reject": "驳回"}},
                   "reason": {"type": "string", "maxLength": 1000}},
}
ACTION_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {"reason": {"type": "string", "maxLength": 1000}},
}


def check_terms(body: dict) -> None:
    """Rules the schema cannot say: ranges in order, lawful sex requirement, validity."""
    problems = {}
    if body["salary_max"] < body["salary_min"]:
        problems["salary_max"] = "不能低于最低工资"
    req = body.get("requirements") or {}
    if req.get("age_min") and req.get("age_max") and req["age_max"] < req["age_min"]:
        problems["requirements.age_max"] = "不能小于最小年龄"
    if req.get("sex", "any") != "any" and not (req.get("sex_reason") or "").strip():
        # 就业促进法: a sex requirement only where the law allows it, and the posting says why
        problems["requirements.sex_reason"] = "限定性别须注明法定依据(如国家规定不适合妇女的工种)"
    start = parse_date(body["valid_from"], "valid_from")
    until = parse_date(body["valid_until"], "valid_until")
    if until < start:
        problems["valid_until"] = "不能早于开始日期"
    elif (until - start).days > MAX_VALIDITY_DAYS:
        problems["valid_until"] = f"有效期不能超过 {MAX_VALIDITY_DAYS} 天"
    if problems:
        raise InvalidField("招聘信息不符合要求", problems)


def new_posting(body: dict, employer: dict, agency: dict | None, actor: Actor, now: datetime) -> dict:
    check_terms(body)
    posting = dict(body, _id=new_id(), title=body["title"].strip(), status="draft",
                   employer_name=employer["name"], agency_id=body.get("agency_id"),
                   agency_name=agency["name"] if agency else None,
                   board=body.get("board", "none"), requirements=body.get("requirements") or {},
                   log=[{"action": "create", "from": None, "to": "draft", "at": now,
                         "by": actor.audit(), "reason": None}],
                   created_at=now, created_by=actor.audit(), updated_at=now,
                   updated_by=actor.audit(), version=1)
    return posting


def transition(posting: dict, action: str, actor: Actor, now: datetime, reason: str | None = None) -> dict:
    reason = (reason or "").strip() or None
    if action in NEEDS_REASON and not reason:
        raise InvalidField("须填写原因", {"reason": "驳回或撤回须说明原因"})
    to, entry = POSTING_FLOW.apply(posting["status"], action, actor, now, reason)
    posting["status"] = to
    posting["log"].append(entry)
    posting["updated_at"], posting["updated_by"] = now, actor.audit()
    return posting


def approve(posting: dict, number: str, actor: Actor, now: datetime, reason: str | None = None) -> dict:
    if posting["valid_until"] < now.date().isoformat():
        raise RuleBroken("有效期已过,不能发布", {"valid_until": "已过期"})
    transition(posting, "approve", actor, now, reason)
    posting["filing_number"] = number
    posting["published_at"] = now
    return posting


def filing_number(year: int, seq: int) -> str:
    """备案号: 内劳招备〔year〕sequence号, numbered per year in approval order."""
    return f"内劳招备〔{year}〕{seq:05d}号"


def findable(posting: dict, today: date) -> bool:
    """Only published, unexpired postings may be found by the public search."""
    return posting["status"] == "published" and posting["valid_from"] <= today.isoformat() <= posting["valid_until"]


def published_event_data(p: dict, version: int) -> dict:
    return {"posting_id": p["_id"], "employer_id": p["employer_id"], "agency_id": p.get("agency_id"),
            "title": p["title"], "industry": p["industry"], "work_region": p["work_region"],
            "headcount": p["headcount"], "salary_min": p["salary_min"], "salary_max": p["salary_max"],
            "filing_number": p["filing_number"], "published_at": p["published_at"].isoformat(),
            "posting_version": version}


def withdrawn_event_data(p: dict, reason: str, at: datetime, version: int) -> dict:
    return {"posting_id": p["_id"], "reason": reason, "withdrawn_at": at.isoformat(),
            "posting_version": version}
