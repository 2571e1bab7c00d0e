"""法律援助队列 (justice) and 维权统计 (figures for a period)."""
from datetime import date, datetime, time, timedelta, timezone

from flask import request

from services.common.auth import current_user, require_roles
from services.common.ui import render_page

from ..domain.access import REPORT_ROLES
from ..domain.case import case_view
from ..service_layer import legal_aid, reports
from ..service_layer.cases import today
from .common import LABELS, bp, rights

CHINA = timezone(timedelta(hours=8))


@bp.get("/legal-aid")
@require_roles("justice_officer", "rights_staff", "county_admin")
def legal_aid_queue():
    """法律援助队列:待指派、已指派(司法局在此指派律师)。"""
    user = current_user()
    items = legal_aid.queue(rights().uow(), user, ["requested", "assigned"])
    return render_page("rights/legal_aid.html", user=user,
                       items=[case_view(c, user, today()) for c in items],
                       done=request.args.get("done"), **LABELS)


def _day(name: str):
    try:
        return date.fromisoformat(request.args.get(name) or "")
    except ValueError:
        return None


@bp.get("/reports")
@require_roles(*REPORT_ROLES)
def report_page():
    """维权统计:按类别、部门、状态,超期、办结用时、追回工资、转办接收率。"""
    since, until = _day("from"), _day("to")
    figures = reports.case_report(
        rights().uow(), current_user(),
        datetime.combine(since, time(), CHINA) if since else None,
        datetime.combine(until + timedelta(days=1), time(), CHINA) if until else None, today())
    return render_page("rights/reports.html", figures=figures, since=since, until=until, **LABELS)
