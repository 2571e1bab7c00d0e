"""What the jobs pages share: the blueprint, the coded values' labels for templates, and
dates as the county reads them."""
from datetime import datetime, timedelta, timezone

from flask import current_app

from services.common.domain.roles import ROLES
from services.common.ui import page_blueprint

from ..domain import base, order, placement, posting
from ..domain.agency import STATUS_LABELS as AGENCY_STATUS
from ..domain.labels import (BOARD, EDUCATION, INDUSTRIES, SEX_REQUIREMENT, SIZES, VISIT_RESULTS,
                             WORK_REGIONS)

bp = page_blueprint("jobs_ui", __name__, "jobs")
CHINA = timezone(timedelta(hours=8))

LABELS = {"INDUSTRIES": INDUSTRIES, "SIZES": SIZES, "WORK_REGIONS": WORK_REGIONS, "BOARD": BOARD,
          "EDUCATION": EDUCATION, "SEX_REQUIREMENT": SEX_REQUIREMENT, "VISIT_RESULTS": VISIT_RESULTS,
          "POSTING_STATES": posting.STATES, "POSTING_ACTIONS": posting.POSTING_FLOW.action_labels,
          "BASE_STATES": base.STATES, "ORDER_STATES": order.ORDER_FLOW.state_labels,
          "ORDER_ACTIONS": order.ORDER_FLOW.action_labels, "OUTCOMES": placement.OUTCOMES,
          "ORGANIZERS": placement.ORGANIZERS, "APPLICATION_STATES": placement.APPLICATION_STATES,
          "AGENCY_STATUS": AGENCY_STATUS}


def jobs():
    return current_app.extensions["jobs"]


def china_time(value) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if not isinstance(value, datetime):
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


@bp.app_template_filter("jobs_time")
def _jobs_time(value):
    return china_time(value)


@bp.app_template_filter("jobs_date")
def _jobs_date(value):
    return china_time(value)[:10]


@bp.app_template_filter("role_label")
def _role_label(code):
    """Who acted, as the county says it (县劳务办, 乡镇服务站; the system for automatic steps)."""
    return "系统" if code == "system" else ROLES.label(code)


@bp.app_template_filter("state")
def _state(code, table: dict):
    """A workflow state's Chinese label (workflow tables are dicts, not Choices)."""
    return table.get(code, code)
