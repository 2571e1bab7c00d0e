"""Indicators per township and year, monthly series, and the county's progress to its goals."""
from flask import Blueprint

from services.common.auth import current_user, require_roles
from services.common.validation import code_arg, int_arg

from ..domain.indicators import INDICATORS
from ..service_layer import assessment
from ..service_layer import indicators as use_cases
from .views import uow

bp = Blueprint("indicators", __name__, url_prefix="/api/evaluation")


@bp.get("/indicators")
@require_roles(*use_cases.READERS)
def indicators():
    """各乡镇年度指标(由事件累计)。"""
    year = int_arg("year", 2000, 2100)
    return use_cases.indicators_for_year(uow(), current_user(), year)


@bp.get("/indicators/monthly")
@require_roles(*use_cases.READERS)
def monthly():
    """某项指标的逐月数值(全县合计或本乡镇)。"""
    year = int_arg("year", 2000, 2100)
    indicator = code_arg("indicator", choices=INDICATORS.codes) or "registered"
    return use_cases.monthly_series(uow(), current_user(), year, indicator)


@bp.get("/progress")
@require_roles(*assessment.ASSESSMENT_READERS)
def progress():
    """全县 2007–2009 年目标完成进度。"""
    return assessment.goal_progress(uow(), current_user(), int_arg("year", 2000, 2100))


