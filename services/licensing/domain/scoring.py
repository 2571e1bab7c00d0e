"""百分制管理: each agency starts a year at 100 points; deductions follow a rule table kept as
data (each rule: points and the clause it enforces, editable by the county office); falling
below a threshold raises a proposal an officer confirms or dismisses. Pure."""
import uuid
from datetime import datetime

from services.common.domain.actor import Actor
from services.common.domain.choices import Choices
from services.common.domain.errors import InvalidField, InvalidTransition, NotAllowed, NotFound

START = 100
# (below this score, proposed action); checked from the harshest down
THRESHOLDS = ((40, "revoke"), (60, "suspend"))
SOURCES = Choices([("inspection", "监督检查"), ("complaint", "查实投诉"), ("ad", "广告违规"),
                   ("manual", "其他")])
PROPOSAL_STATUSES = Choices([("pending", "待确认"), ("confirmed", "已确认"), ("dismissed", "不予采纳")])
RULE_EDITORS = ("county_admin",)
RULE_READERS = ("county_admin", "leader", "commerce_officer", "police_officer", "rights_staff")

# the table the county office starts from; it edits them through the API afterwards
DEFAULT_RULES = [
    {"code": "no_license_display", "title": "未在服务场所明示许可证、收费标准", "points": 5,
     "clause": "《就业服务与就业管理规定》第五十二条", "source": "inspection"},
    {"code": "unqualified_staff", "title": "工作人员未持证上岗", "points": 10,
     "clause": "内政〔2006〕104号 四(二)“持证上岗”", "source": "inspection"},
    {"code": "overcharge", "title": "超标准或巧立名目收费", "points": 15,
     "clause": "《就业服务与就业管理规定》第五十八条", "source": "inspection"},
    {"code": "poor_service", "title": "服务质量差、台账不全", "points": 5,
     "clause": "内政〔2006〕104号 四(二)“百分制管理”", "source": "inspection"},
    {"code": "target_missed", "title": "未完成劳务输出目标任务", "points": 5,
     "clause": "内政〔2006〕104号 四(二)", "source": "inspection"},
    {"code": "follow_up_missed", "title": "逾期未整改", "points": 10,
     "clause": "内政〔2006〕104号 四(二)“百分制管理”", "source": "inspection"},
    {"code": "complaint_substantiated", "title": "被投诉并经查实", "points": 10,
     "clause": "内政〔2006〕104号 四(四)", "source": "complaint"},
    {"code": "ad_unfiled", "title": "招聘广告未经劳动部门审核备案即发布", "points": 10,
     "clause": "内政〔2006〕104号 四(二)“招聘广告须经劳动部门审核备案”", "source": "ad"},
    {"code": "false_info", "title": "发布虚假招聘信息", "points": 20,
     "clause": "《就业服务与就业管理规定》第五十八条", "source": "ad"},
]
RULE_SCHEMA = {"type": "object", "additionalProperties": False,
               "required": ["title", "points", "clause"],
               "properties": {"title": {"type": "string", "minLength": 2, "maxLength": 100},
                              "points": {"type": "integer", "minimum": 1, "maximum": 100},
                              "clause": {"type": "string", "minLength": 2, "maxLength": 200},
                              "source": SOURCES.schema(),
                              "active": {"type": "boolean"}}}
NEW_RULE_SCHEMA = {**RULE_SCHEMA, "required": ["code", "title", "points", "clause", "source"],
                   "properties": {**RULE_SCHEMA["properties"],
                                  "code": {"type": "string", "pattern": r"^[a-z][a-z0-9_]{2,40}$",
                                           "description_error": "须为 3-41 位小写字母、数字或下划线"}}}
DEDUCTION_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["rule_code", "note"],
                    "properties": {"rule_code": {"type": "string", "minLength": 1, "maxLength": 41},
                                   "source": SOURCES.schema(),
                                   "note": {"type": "string", "minLength": 2, "maxLength": 500}}}


def band(score: int) -> str:
    """What the public page shows instead of the number: 优 / 良 / 中 / 差."""
    return "excellent" if score >= 90 else "good" if score >= 75 else "fair" if score >= 60 else "poor"


BANDS = Choices([("excellent", "优秀(90 分以上)"), ("good", "良好(75-89 分)"),
                 ("fair", "合格(60-74 分)"), ("poor", "不合格(60 分以下)")])


def rule_of(rules: dict, code: str) -> dict:
    rule = rules.get(code)
    if rule is None or not rule.get("active", True):
        raise InvalidField("扣分规则不存在或已停用", {"rule_code": "不存在或已停用"})
    return rule


def roll_year(agency: dict, year: int) -> None:
    """A new year starts again at 100; the old year's score stays in the history."""
    if agency.get("score_year") != year:
        agency.setdefault("year_scores", {})[str(agency.get("score_year"))] = agency.get("score")
        agency["score_year"], agency["score"] = year, START


def deduct(agency: dict, rule: dict, source: str, source_id: str | None, note: str,
           actor: Actor, now: datetime) -> dict:
    """Take the rule's points off this year's score (never below 0); returns the deduction,
    with the proposal it raised, if any."""
    roll_year(agency, now.year)
    if source_id and any(d.get("source_id") == source_id and d["rule_code"] == rule["code"]
                         for d in agency["deductions"]):
        return {}  # the same finding is never counted twice
    before = agency["score"]
    agency["score"] = max(0, before - rule["points"])
    deduction = {"id": uuid.uuid4().hex, "year": now.year, "rule_code": rule["code"],
                 "title": rule["title"], "clause": rule["clause"], "points": before - agency["score"],
                 "source": source, "source_id": source_id, "note": note,
                 "score_after": agency["score"], "at": now, "by": actor.audit()}
    agency["deductions"].append(deduction)
    proposal = propose(agency, before, now)
    if proposal:
        deduction["proposal_id"] = proposal["id"]
    return deduction


def propose(agency: dict, before: int, now: datetime) -> dict | None:
    """Crossing a threshold downwards proposes its action once (an officer confirms it)."""
    for limit, action in THRESHOLDS:
        if agency["score"] < limit <= before:
            if any(p["action"] == action and p["status"] == "pending" for p in agency["proposals"]):
                return None
            proposal = {"id": uuid.uuid4().hex, "action": action, "score": agency["score"],
                        "threshold": limit, "status": "pending", "at": now, "decided": None}
            agency["proposals"].append(proposal)
            return proposal
    return None


def pending_proposal(agency: dict, proposal_id: str) -> dict:
    proposal = next((p for p in agency["proposals"] if p["id"] == proposal_id), None)
    if proposal is None:
        raise NotFound("处理建议不存在", {"proposal_id": "不存在"})
    if proposal["status"] != "pending":
        raise InvalidTransition("该建议已处理", {"status": proposal["status"]})
    return proposal


def decide_proposal(proposal: dict, confirm: bool, actor: Actor, now: datetime, reason: str) -> None:
    if actor.role not in RULE_EDITORS:
        raise NotAllowed("无权处理扣分建议")
    proposal["status"] = "confirmed" if confirm else "dismissed"
    proposal["decided"] = {"at": now, "by": actor.audit(), "reason": reason}


def ranking(agencies: list[dict], year: int) -> list[dict]:
    """Agencies by score in `year`, best first; equal scores share a rank."""
    rows = []
    for a in agencies:
        if a.get("license_number") is None:
            continue
        score = a["score"] if a.get("score_year") == year else (a.get("year_scores") or {}).get(str(year))
        if score is None and a.get("score_year", year) < year:
            score = START  # nothing deducted yet this year
        if score is not None:
            rows.append({"agency_id": a["_id"], "name": a["name"], "license_number": a["license_number"],
                         "status": a["status"], "score": score, "band": band(score)})
    rows.sort(key=lambda r: (-r["score"], r["name"]))
    for i, row in enumerate(rows):
        row["rank"] = rows[i - 1]["rank"] if i and rows[i - 1]["score"] == row["score"] else i + 1
    return rows
