"""Indicators per township and year (read side)."""
from flask import Blueprint, current_app

from services.common.auth import current_user, require_roles
from services.common.scope import region_filter
from services.common.validation import int_arg

from ..domain.indicators import INDICATORS
from ..storage import indicators as store

bp = Blueprint("indicators", __name__, url_prefix="/api/evaluation")


@bp.get("/indicators")
@require_roles("county_admin", "leader", "township_staff")
def indicators():
    """各乡镇年度指标(由事件累计)。"""
    year = int_arg("year", 2000, 2100)
    rows = store.for_year(current_app.extensions["db"], year)
    scope = region_filter(current_user())
    if scope:  # a township sees its own row only
        rows = [r for r in rows if r["township_code"] == scope.get("township_code")]
    totals = {name: sum(r[name] for r in rows) for name in INDICATORS}
    return {"year": year, "townships": rows, "totals": totals}
