"""What the rights pages share: the blueprint, labels for templates, turning a flat form into
the API's JSON body, and error fields named as the form's fields."""
from datetime import datetime, timedelta

from flask import current_app

from services.common.domain.roles import DEPARTMENTS
from services.common.ui import page_blueprint

from ..domain import codes
from ..domain.townships import TOWNSHIPS
from ..domain.workflow import CASE_ACTIONS

bp = page_blueprint("rights_ui", __name__, "rights")

DEPARTMENT_NAMES = {"labor": "劳务部门(维权中心)", "police": DEPARTMENTS.label("police"),
                    "commerce": DEPARTMENTS.label("commerce"), "justice": DEPARTMENTS.label("justice")}
TIMELINE = {"received": "登记投诉", **CASE_ACTIONS, "merged": "并入其他案件",
            "merged_from": "并入重复投诉", "assigned": "指派经办人",
            "consent_given": "记录同意提供个人信息", "consent_withdrawn": "记录不同意提供个人信息",
            "consent_override": "未经同意提供个人信息(已说明理由)", "referred": "转办",
            "referral_accepted": "接收转办", "referral_rejected": "退回转办",
            "referral_revoked": "撤回转办", "transferred": "移交",
            "legal_aid_requested": "申请法律援助", "legal_aid_assigned": "指派法律援助人员",
            "legal_aid_concluded": "法律援助办结"}
LABELS = {n: getattr(codes, n) for n in (
    "CHANNELS", "CATEGORIES", "RESPONDENT_TYPES", "CASE_STATES", "OUTCOMES", "REFERRAL_STATES",
    "ACCEPT_AS", "LEGAL_AID_STATES", "LEGAL_AID_METHODS", "AGENCY_STATUSES")}
LABELS.update(DEPARTMENT_NAMES=DEPARTMENT_NAMES, TIMELINE=TIMELINE, TOWNSHIPS=TOWNSHIPS,
              STAFF_CHANNELS=[(c, codes.CHANNELS.label(c)) for c in codes.STAFF_CHANNELS])


def rights():
    return current_app.extensions["rights"]


def form_errors(error: dict | None) -> dict:
    """The API names nested fields "complainant.name"; the form's field is complainant_name."""
    return {k.replace(".", "_"): v for k, v in ((error or {}).get("fields") or {}).items()}


def short_time(value) -> str:
    """An instant as the county reads it: China time, to the minute."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime):
        return ""
    return (value + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M") if value.tzinfo else value.strftime("%Y-%m-%d %H:%M")


@bp.app_template_filter("rights_time")
def _rights_time(value):
    return short_time(value)
