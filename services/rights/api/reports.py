"""The rights center's figures for a period."""
from datetime import date, datetime, time, timedelta, timezone

from flask import Blueprint, request

from services.common.auth import current_user, require_roles
from services.common.errors import ApiError

from ..domain.access import REPORT_ROLES
from ..service_layer import reports
from ..service_layer.cases import today
from .common import rights

bp = Blueprint("rights_reports", __name__, url_prefix="/api/rights")
CHINA = timezone(timedelta(hours=8))


def _day(name: str) -> datetime | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return datetime.combine(date.fromisoformat(raw), time(), CHINA)
    except ValueError:
        raise ApiError(400, "validation_failed", "查询参数无效", {name: "须为 YYYY-MM-DD 格式的日期"})


@bp.get("/reports")
@require_roles(*REPORT_ROLES)
def report():
    """维权统计:按类别、部门、状态,超期、办结用时、追回工资、转办接收率(from/to 为受理日期)。"""
    since, until = _day("from"), _day("to")
    if since and until and until < since:
        raise ApiError(400, "validation_failed", "查询参数无效", {"to": "不能早于开始日期"})
    figures = reports.case_report(rights().uow(), current_user(), since,
                                  until + timedelta(days=1) if until else None, today())
    return {"from": request.args.get("from"), "to": request.args.get("to"), **figures}
