"""Use cases of target management: targets and the scoring rule (county office), manual scores
(assessors), the half-year and year-end assessment and ranking, its publication, and the
county's progress to its 2007–2009 goals."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import Duplicate, InvalidField, NotAllowed
from services.common.events.envelope import new_event

from .. import events  # noqa: F401  (registers ranking.published)
from ..domain.calendar import months_of_year
from ..domain.goals import GOAL_START, progress
from ..domain.indicators import FLOWS, GAUGES, INDICATORS, level_at
from ..domain.scoring import (ASSESSMENT_PERIODS, DEFAULT_RULE, GROUPS, MANUAL, MARKS, check_rule,
                              check_unit, assess, is_manual, unit_group)
from ..domain.units import COUNTY_CODE, TOWNSHIPS, units_of

SETTERS = ("county_admin",)                        # targets, weights, rule, publication
ASSESSORS = ("county_admin",)                      # manual scores with evidence
ASSESSMENT_READERS = ("county_admin", "leader")    # the unpublished assessment
RANKING_READERS = ("county_admin", "leader", "township_staff")
TARGET_READERS = ("county_admin", "leader", "township_staff")


def _now(now):
    return now or datetime.now(timezone.utc)


def _require(actor: Actor, roles, what: str) -> None:
    if actor.role not in roles:
        raise NotAllowed(f"无权{what}")


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidField("年度无效", {"year": "须为 2000-2100 的整数"})


def _check_period(period: str) -> None:
    if period not in ASSESSMENT_PERIODS:
        raise InvalidField("考评期无效", {"period": "须为 half-year 或 annual"})


def _check_group(group: str) -> None:
    if group not in GROUPS:
        raise InvalidField("考评对象无效", {"group": "须为 township 或 county_unit"})


# ---- rule and targets ---------------------------------------------------------------------
def rule_for(uow, year: int) -> dict:
    doc = uow.rules.get(year)
    return doc["rule"] if doc else dict(DEFAULT_RULE)


def get_rule(uow, actor: Actor, year: int) -> dict:
    _require(actor, TARGET_READERS, "查看考核办法")
    _check_year(year)
    with uow:
        doc = uow.rules.get(year)
    return {"year": year, "is_default": doc is None, **(doc["rule"] if doc else DEFAULT_RULE)}


def set_rule(uow, actor: Actor, year: int, body: dict, now=None) -> dict:
    _require(actor, SETTERS, "设置考核办法")
    _check_year(year)
    rule = check_rule(body)
    with uow:
        uow.rules.put(year, rule, actor.audit(), _now(now))
        uow.commit()
    return {"year": year, "is_default": False, **rule}


def set_targets(uow, actor: Actor, year: int, rows: list[dict], now=None) -> int:
    """rows: [{unit_code, indicator, value}] — annual targets of auto-scored indicators."""
    _require(actor, SETTERS, "下达目标")
    _check_year(year)
    for i, row in enumerate(rows):
        check_unit(row["unit_code"], TOWNSHIPS, f"targets[{i}].unit_code")
        if row["indicator"] not in INDICATORS:
            raise InvalidField("指标无效", {f"targets[{i}].indicator": "未知的指标(人工评分项目无需目标)"})
    with uow:
        for row in rows:
            uow.targets.put(year, row["unit_code"], row["indicator"], row["value"],
                            actor.audit(), _now(now))
        uow.commit()
    return len(rows)


def get_targets(uow, actor: Actor, year: int) -> list[dict]:
    _require(actor, TARGET_READERS, "查看目标")
    _check_year(year)
    from ..storage.assessment import unit_scope
    with uow:
        return [{k: d[k] for k in ("year", "unit_code", "indicator", "value")}
                for d in uow.targets.for_year(year, unit_scope(actor))]


def score_manual(uow, actor: Actor, year: int, period: str, unit: str, indicator: str,
                 rate: float, evidence: str, now=None) -> dict:
    _require(actor, ASSESSORS, "人工评分")
    _check_year(year)
    _check_period(period)
    check_unit(unit, TOWNSHIPS)
    if not is_manual(indicator):
        raise InvalidField("该项目不是人工评分项目", {"indicator": "须为 " + "、".join(MANUAL.codes)})
    if not 0 <= rate <= 1:
        raise InvalidField("得分率无效", {"rate": "须在 0 到 1 之间"})
    if len((evidence or "").strip()) < 4:
        raise InvalidField("须填写评分依据", {"evidence": "至少 4 个字"})
    doc = {"_id": f"{year}:{period}:{unit}:{indicator}", "year": year, "period": period,
           "unit_code": unit, "indicator": indicator, "rate": rate, "evidence": evidence.strip(),
           "scored_by": actor.audit(), "scored_at": _now(now)}
    with uow:
        uow.manual_scores.put(doc)
        uow.commit()
    return doc


# ---- assessment ---------------------------------------------------------------------------
def _period_months(year: int, period: str) -> list[str]:
    months = months_of_year(year)
    return months[:6] if period == "half-year" else months


def compute(uow, year: int, period: str, group: str) -> tuple[dict, list[dict]]:
    """(rule, ranked rows) from the indicators, targets and manual scores (inside a uow)."""
    months = _period_months(year, period)
    rule = rule_for(uow, year)
    actuals = level_at(uow.indicators.cells_until(months[0], months[-1]), months)
    targets = {(t["unit_code"], t["indicator"]): t["value"] for t in uow.targets.for_year(year)}
    manual = {(m["unit_code"], m["indicator"]): m["rate"]
              for m in uow.manual_scores.for_period(year, period)}
    return rule, assess(rule, units_of(group), period, actuals, targets, manual)


def assessment(uow, actor: Actor, year: int, period: str, group: str = "township") -> dict:
    _require(actor, ASSESSMENT_READERS, "查看考评结果")
    _check_year(year)
    _check_period(period)
    _check_group(group)
    with uow:
        rule, rows = compute(uow, year, period, group)
        published = uow.rankings.get(f"{year}:{period}:{group}")
    return {"year": year, "period": period, "group": group, "rule": rule, "rows": rows,
            "published": _published_view(published) if published else None}


def publish_ranking(uow, actor: Actor, year: int, period: str, group: str,
                    marks: dict | None = None, note: str | None = None,
                    correlation_id: str | None = None, now=None) -> dict:
    """The office confirms the computed list (adjusting marks where it decides otherwise) and
    publishes it: stored once, announced as ranking.published."""
    _require(actor, SETTERS, "发布考评结果")
    _check_year(year)
    _check_period(period)
    _check_group(group)
    marks = marks or {}
    for unit, mark in marks.items():
        if unit_group(unit) != group or (group == "township" and unit not in TOWNSHIPS):
            raise InvalidField("调整的单位不在本次考评中", {f"marks.{unit}": "不在本次考评中"})
        if mark not in MARKS:
            raise InvalidField("标记无效", {f"marks.{unit}": "须为 commended/criticized/none"})
    at = _now(now)
    with uow:
        _rule, rows = compute(uow, year, period, group)
        for row in rows:
            if row["unit_code"] in marks:
                row["computed_mark"], row["mark"] = row["mark"], marks[row["unit_code"]]
        doc = {"_id": f"{year}:{period}:{group}", "year": year, "period": period, "group": group,
               "rows": rows, "note": note, "published_by": actor.audit(), "published_at": at}
        if uow.rankings.get(doc["_id"]):
            raise Duplicate("该考评结果已发布", {"period": "已发布"})
        uow.rankings.add(doc)
        uow.publish(new_event("ranking.published", source="evaluation", subject=doc["_id"],
                              data={"year": year, "period": period, "group": group,
                                    "ranks": [{"township_code": r["unit_code"], "rank": r["rank"],
                                               "score": r["score"], "mark": r["mark"]}
                                              for r in rows],
                                    "at": at.isoformat()},
                              actor=actor.audit(), correlation_id=correlation_id))
        uow.commit()
    return _published_view(doc)


def _published_view(doc: dict) -> dict:
    return {"year": doc["year"], "period": doc["period"], "group": doc["group"],
            "rows": doc["rows"], "note": doc.get("note"),
            "published_by": doc["published_by"]["username"],
            "published_at": doc["published_at"].isoformat()
            if hasattr(doc["published_at"], "isoformat") else doc["published_at"]}


def published_rankings(uow, actor: Actor, year: int) -> list[dict]:
    """What the office has published (townships see it too: it is announced county-wide)."""
    _require(actor, RANKING_READERS, "查看考评排名")
    _check_year(year)
    with uow:
        return [_published_view(d) for d in uow.rankings.published(year)]


def goal_progress(uow, actor: Actor, year: int) -> dict:
    _require(actor, ASSESSMENT_READERS, "查看目标进度")
    _check_year(year)
    months = months_of_year(year)
    with uow:
        cells = uow.indicators.cells_until(f"{GOAL_START}-01", months[-1])
    def county(values: dict) -> dict:
        out: dict = {}
        for (_unit, ind), v in values.items():
            out[ind] = out.get(ind, 0) + v
        return out
    since = county(level_at(cells, [f"{GOAL_START}-01", months[-1]]))
    year_cells = [c for c in cells if c["month"] >= months[0] or c["indicator"] in GAUGES]
    this_year = county(level_at(year_cells, months))
    levels = {k: v for k, v in this_year.items() if k in GAUGES}
    return {"year": year, "county_code": COUNTY_CODE,
            "goals": progress(levels, {k: v for k, v in this_year.items() if k in FLOWS}, since)}
