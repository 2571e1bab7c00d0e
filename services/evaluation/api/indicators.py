"""Indicators per township and year (read side)."""
from flask import Blueprint, current_app, request

from services.common.auth import current_user, require_roles
from services.common.errors import ApiError
from services.common.scope import region_filter

from ..domain.indicators import INDICATORS
from ..storage import indicators as store

bp = Blueprint("indicators", __name__, url_prefix="/api/evaluation")


@bp.get("/indicators")
@require_roles("county_admin", "leader", "township_staff")
def indicators():
    """各乡镇年度指标(由事件累计)。"""
    raw = request.args.get("year", "")
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise ApiError(400, "validation_failed", "查询参数无效", {"year": "须为 2000-2100 的年份"})
    rows = store.for_year(current_app.extensions["db"], int(raw))
    scope = region_filter(current_user())
    if scope:  # a township sees its own row only
        rows = [r for r in rows if r["township_code"] == scope.get("township_code")]
    totals = {name: sum(r[name] for r in rows) for name in INDICATORS}
    return {"year": int(raw), "townships": rows, "totals": totals}
