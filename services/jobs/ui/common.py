"""What the jobs pages share: the blueprint, the coded values' labels for templates, and
dates as the county reads them."""
from datetime import datetime, timedelta, timezone

from flask import current_app

from services.common.config import env
from services.common.domain.roles import ROLES
from services.common.ui import page_blueprint
from services.common.ui.region_list import RegionList

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


_regions = RegionList()


def township_names() -> dict[str, str]:
    """code -> name of the county's townships, from the registry's public region list (cached;
    empty while the registry cannot answer: pages then show the codes)."""
    data = _regions.get(env("REGISTRY_URL", "http://127.0.0.1:8101"))
    return {t["code"]: t["name"] for t in data.get("townships", [])}


def numbers(values: dict, names) -> dict:
    """A form's values with the whole-number fields as numbers, as the API's JSON body has
    them (anything else stays text, so the schema names the field)."""
    return {k: int(v) if k in names and v.isascii() and v.isdigit() else v for k, v in values.items()}


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
