"""Targets, weights and the scoring rule, kept as data per year so the county can change them
without a release; the assessment and ranking they give. Pure.

Each item scores weight × min(actual / target, cap). Manual items (organization building,
rules, publicity, management service) are scored by the county's assessors as a rate 0–1 with
an evidence note, and give weight × rate. The half-year assessment compares the first six
months' flows with `half_year_share` of the annual target; levels (working outside, bases,
data quality) are compared with the full target."""
from services.common.domain.choices import Choices
from services.common.domain.errors import InvalidField

from .indicators import FLOWS, INDICATORS

MANUAL = Choices([("organization", "组织建设"), ("rules", "制度建设"),
                  ("publicity", "宣传培训"), ("management", "管理服务")])
COUNTY_UNITS = Choices([
    ("county_labor", "县劳动和社会保障局"), ("county_agriculture", "县农业局"),
    ("county_education", "县教育局"), ("county_commerce", "县工商局"),
    ("county_police", "县公安局"), ("county_justice", "县司法局"),
    ("county_finance", "县财政局"), ("county_women", "县妇联"),
])
ASSESSMENT_PERIODS = Choices([("half-year", "半年考评"), ("annual", "年终考评")])
GROUPS = Choices([("township", "乡镇"), ("county_unit", "县直单位")])
MARKS = Choices([("commended", "表彰"), ("criticized", "通报批评"), ("none", "—")])

DEFAULT_RULE = {
    "cap": 1.2,
    "half_year_share": 0.5,
    "commend_top": 3,
    "criticize_below": 60,
    "items": [
        {"indicator": "organization", "weight": 10},
        {"indicator": "rules", "weight": 5},
        {"indicator": "publicity", "weight": 5},
        {"indicator": "registered", "weight": 10},
        {"indicator": "trainings", "weight": 10},
        {"indicator": "exported", "weight": 20},
        {"indicator": "labor_income", "weight": 20},
        {"indicator": "bases", "weight": 5},
        {"indicator": "management", "weight": 5},
        {"indicator": "data_quality", "weight": 10},
    ],
}

RULE_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["cap", "items"],
    "properties": {
        "cap": {"type": "number", "minimum": 1, "maximum": 3},
        "half_year_share": {"type": "number", "minimum": 0.1, "maximum": 1},
        "commend_top": {"type": "integer", "minimum": 0, "maximum": 16},
        "criticize_below": {"type": "number", "minimum": 0, "maximum": 1000},
        "items": {"type": "array", "minItems": 1, "maxItems": 40, "items": {
            "type": "object", "additionalProperties": False, "required": ["indicator", "weight"],
            "properties": {"indicator": {"type": "string", "maxLength": 40},
                           "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 100}}}},
    },
}


def is_manual(indicator: str) -> bool:
    return indicator in MANUAL


def indicator_label(indicator: str) -> str:
    return MANUAL.label(indicator) if is_manual(indicator) else INDICATORS.label(indicator)


def check_rule(body: dict) -> dict:
    """A rule's items name known indicators once each; returns the rule with defaults filled."""
    seen = set()
    for i, item in enumerate(body["items"]):
        ind = item["indicator"]
        if ind not in INDICATORS and ind not in MANUAL:
            raise InvalidField("考核项目无效", {f"items[{i}].indicator": "未知的指标"})
        if ind in seen:
            raise InvalidField("考核项目重复", {f"items[{i}].indicator": "重复"})
        seen.add(ind)
    return {**{k: v for k, v in DEFAULT_RULE.items() if k != "items"}, **body}


def unit_group(unit: str) -> str:
    return "county_unit" if unit in COUNTY_UNITS else "township"


def check_unit(unit: str, townships: dict, field: str = "unit_code") -> None:
    if unit not in townships and unit not in COUNTY_UNITS:
        raise InvalidField("考核单位无效", {field: "须为乡镇代码或县直单位代码"})


def item_score(weight: float, actual, target, cap: float) -> tuple[float, float | None]:
    """(points, completion rate) of one auto item; no target, no points (it is flagged)."""
    if not target or target <= 0:
        return 0.0, None
    rate = (actual or 0) / target
    return weight * min(rate, cap), rate


def assess(rule: dict, units: list[str], period: str, actuals: dict, targets: dict,
           manual: dict) -> list[dict]:
    """Scored and ranked rows for `units`.
    actuals {(unit, indicator): value}; targets {(unit, indicator): annual target};
    manual {(unit, indicator): rate 0–1}."""
    share = rule.get("half_year_share", 0.5) if period == "half-year" else 1.0
    rows = []
    for unit in units:
        items, total = [], 0.0
        for item in rule["items"]:
            ind, weight = item["indicator"], item["weight"]
            if is_manual(ind):
                rate = manual.get((unit, ind))
                points = weight * min(rate, rule["cap"]) if rate is not None else 0.0
                items.append({"indicator": ind, "weight": weight, "manual": True, "rate": rate,
                              "points": round(points, 2), "missing": rate is None})
            else:
                target = targets.get((unit, ind))
                if target is not None and ind in FLOWS:
                    target = target * share
                actual = actuals.get((unit, ind), 0)
                points, rate = item_score(weight, actual, target, rule["cap"])
                items.append({"indicator": ind, "weight": weight, "manual": False,
                              "actual": actual, "target": target,
                              "rate": round(rate, 4) if rate is not None else None,
                              "points": round(points, 2), "missing": target is None})
            total += points
        rows.append({"unit_code": unit, "score": round(total, 2), "items": items})
    return rank(rows, rule)


def rank(rows: list[dict], rule: dict) -> list[dict]:
    """Competition ranking (1, 2, 2, 4): equal scores share a rank and the next rank skips.
    Marks: top `commend_top` ranks commended (all who tie into them), below `criticize_below`
    criticized; a low score is never commended."""
    ordered = sorted(rows, key=lambda r: (-r["score"], r["unit_code"]))
    previous, current = None, 0
    for position, row in enumerate(ordered, start=1):
        if row["score"] != previous:
            current, previous = position, row["score"]
        row["rank"] = current
        tied = sum(1 for r in ordered if r["score"] == row["score"]) > 1
        row["tied"] = tied
        if row["score"] < rule.get("criticize_below", 0):
            row["mark"] = "criticized"
        elif row["rank"] <= rule.get("commend_top", 3):
            row["mark"] = "commended"
        else:
            row["mark"] = "none"
    return ordered


def full_marks(rule: dict) -> float:
    return sum(i["weight"] for i in rule["items"]) * 1.0
