"""Indicators per township and year (read side)."""
from flask import Blueprint, current_app

from services.common.auth import current_user, require_roles
from services.common.validation import int_arg

from ..service_layer import indicators as use_cases

bp = Blueprint("indicators", __name__, url_prefix="/api/evaluation")


@bp.get("/indicators")
@require_roles(*use_cases.READERS)
def indicators():
    """各乡镇年度指标(由事件累计)。"""
    year = int_arg("year", 2000, 2100)
    return use_cases.indicators_for_year(current_app.extensions["evaluation"].uow(),
                                         current_user(), year)
