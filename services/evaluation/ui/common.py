"""What evaluation's target-management pages share: their blueprint (beside the 指标统计
page's), the labels templates show, and small readers of query parameters."""
from datetime import date

from flask import current_app, request

from services.common.domain.errors import InvalidField
from services.common.ui import page_blueprint

from ..domain import awards, model_cases, reports
from ..domain.calendar import PERIOD_TYPES
from ..domain.indicators import INDICATORS
from ..domain.scoring import ASSESSMENT_PERIODS, GROUPS, MANUAL, MARKS, indicator_label
from ..domain.units import unit_name

bp = page_blueprint("evaluation_pages", __name__, "evaluation")

LABELS = {"INDICATORS": INDICATORS, "MANUAL": MANUAL, "PERIOD_TYPES": PERIOD_TYPES,
          "ASSESSMENT_PERIODS": ASSESSMENT_PERIODS, "GROUPS": GROUPS, "MARKS": MARKS,
          "REPORT_STATES": dict(reports.WORKFLOW.state_labels, missing="未填报"),
          "MANUAL_FIELDS": reports.MANUAL_FIELDS, "AWARD_STATES": awards.WORKFLOW.state_labels,
          "CASE_KINDS": model_cases.KINDS, "unit_name": unit_name,
          "indicator_label": indicator_label}


def uow():
    return current_app.extensions["evaluation"].uow()


def year_arg() -> int:
    raw = (request.args.get("year") or "").strip()
    if not raw:
        return date.today().year
    if not (raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100):
        raise InvalidField("查询条件有误", {"year": "请输入 2000-2100 的四位年份"})
    return int(raw)


def choice_arg(name: str, choices, default: str) -> str:
    value = (request.args.get(name) or "").strip() or default
    if value not in choices:
        raise InvalidField("查询条件有误", {name: "不是可选的取值"})
    return value


def current_period(period_type: str, today: date | None = None) -> str:
    """The period a township is reporting on now: the one just ended (last month, last quarter…)."""
    today = today or date.today()
    y, m = today.year, today.month
    if period_type == "monthly":
        return f"{y - (m == 1)}-{(m - 2) % 12 + 1:02d}"
    if period_type == "quarterly":
        q = (m - 1) // 3
        return f"{y - (q == 0)}-Q{q or 4}"
    if period_type == "half-year":
        return f"{y}-H1" if m > 6 else f"{y - 1}-H2"
    return str(y - 1)
