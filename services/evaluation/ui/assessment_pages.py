"""Targets and weights (county office sets, others read), and the assessment: scores per item,
ranks, the commendation/criticism list, manual scores with evidence, and publication. Each
action is a form post running the same use case as the API (post/redirect/get)."""
from flask import g, redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError, InvalidField
from services.common.errors import ApiError
from services.common.ui import error_of, render_page

from ..domain.scoring import MANUAL, MARKS, is_manual
from ..domain.units import TOWNSHIPS, units_of
from ..service_layer import assessment as uc
from .common import LABELS, bp, choice_arg, uow, year_arg


def _number(name: str, lo: float, hi: float, integer: bool = False):
    raw = (request.form.get(name) or "").strip()
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        raise InvalidField("请填写数字", {name: "须为数字"}) from None
    if not lo <= value <= hi:
        raise InvalidField("数值超出范围", {name: f"须在 {lo:g} 到 {hi:g} 之间"})
    return value


@bp.get("/targets")
@require_roles(*uc.TARGET_READERS)
def targets_page(error=None, status=200):
    """目标与权重:年度考核办法(权重、封顶、表彰与批评线)和各乡镇目标。"""
    user = current_user()
    year = year_arg()
    rule = uc.get_rule(uow(), user, year)
    targets = {(t["unit_code"], t["indicator"]): t["value"] for t in uc.get_targets(uow(), user, year)}
    auto = [i["indicator"] for i in rule["items"] if not is_manual(i["indicator"])]
    towns = [t for t in TOWNSHIPS if user.role != "township_staff" or t == user.region_code]
    return render_page("evaluation/targets.html", status=status, year=year, rule=rule,
                       targets=targets, auto=auto, towns=towns, error=error,
                       errors=(error or {}).get("fields", {}), can_edit=user.role in uc.SETTERS,
                       saved=request.args.get("saved"), **LABELS)


@bp.post("/targets")
@require_roles(*uc.SETTERS)
def targets_save():
    """保存各乡镇目标(表单提交)。"""
    year = year_arg()
    rows = []
    try:
        for key, raw in request.form.items():
            if not key.startswith("t|") or not raw.strip():
                continue
            _, unit, indicator = key.split("|", 2)
            rows.append({"unit_code": unit, "indicator": indicator,
                         "value": _number(key, 0.000001, 1e12)})
        if not rows:
            raise InvalidField("没有填写任何目标", {"targets": "至少填写一项"})
        uc.set_targets(uow(), current_user(), year, rows)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return targets_page(error=error, status=status)
    return redirect(f"/ui/evaluation/targets?year={year}&saved=targets", 303)


@bp.post("/rules")
@require_roles(*uc.SETTERS)
def rules_save():
    """保存年度考核办法(表单提交)。"""
    year = year_arg()
    try:
        items = []
        for code in request.form.getlist("indicator"):
            weight = _number(f"w|{code}", 0, 100)
            if weight > 0:
                items.append({"indicator": code, "weight": weight})
        if not items:
            raise InvalidField("至少一项权重大于 0", {"items": "至少一项"})
        body = {"cap": _number("cap", 1, 3), "half_year_share": _number("half_year_share", 0.1, 1),
                "commend_top": _number("commend_top", 0, 16, integer=True),
                "criticize_below": _number("criticize_below", 0, 1000), "items": items}
        uc.set_rule(uow(), current_user(), year, body)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return targets_page(error=error, status=status)
    return redirect(f"/ui/evaluation/targets?year={year}&saved=rule", 303)


@bp.get("/assessment")
@require_roles(*uc.ASSESSMENT_READERS)
def assessment_page(error=None, status=200):
    """考评结果:各单位分项得分、名次、表彰与批评名单;人工评分;确认发布。"""
    user = current_user()
    year = year_arg()
    period = choice_arg("period", LABELS["ASSESSMENT_PERIODS"], "annual")
    group = choice_arg("group", LABELS["GROUPS"], "township")
    result = uc.assessment(uow(), user, year, period, group)
    return render_page("evaluation/assessment.html", status=status, year=year, period=period,
                       group=group, result=result, units=units_of(group), error=error,
                       errors=(error or {}).get("fields", {}), can_edit=user.role in uc.SETTERS,
                       done=request.args.get("done"), **LABELS)


@bp.post("/assessment/manual")
@require_roles(*uc.ASSESSORS)
def manual_save():
    """人工评分(表单提交)。"""
    year = year_arg()
    period = choice_arg("period", LABELS["ASSESSMENT_PERIODS"], "annual")
    group = choice_arg("group", LABELS["GROUPS"], "township")
    try:
        indicator = request.form.get("indicator") or ""
        if indicator not in MANUAL:
            raise InvalidField("请选择人工评分项目", {"indicator": "必选"})
        uc.score_manual(uow(), current_user(), year, period, request.form.get("unit_code") or "",
                        indicator, _number("rate", 0, 1), request.form.get("evidence") or "")
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return assessment_page(error=error, status=status)
    return redirect(f"/ui/evaluation/assessment?year={year}&period={period}&group={group}&done=scored", 303)


@bp.post("/assessment/publish")
@require_roles(*uc.SETTERS)
def publish():
    """确认并发布考评结果(表单提交)。"""
    year = year_arg()
    period = choice_arg("period", LABELS["ASSESSMENT_PERIODS"], "annual")
    group = choice_arg("group", LABELS["GROUPS"], "township")
    marks = {key[5:]: value for key, value in request.form.items()
             if key.startswith("mark|") and value in MARKS and value != request.form.get("was|" + key[5:])}
    try:
        uc.publish_ranking(uow(), current_user(), year, period, group, marks,
                           (request.form.get("note") or "").strip() or None, g.request_id)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return assessment_page(error=error, status=status)
    return redirect(f"/ui/evaluation/assessment?year={year}&period={period}&group={group}&done=published", 303)
