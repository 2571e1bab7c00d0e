"""Periodic reports: a township fills and submits its own; the county reviews; the summary
table (json or xlsx)."""
from flask import Blueprint, Response, g

from services.common.auth import current_user, require_roles
from services.common.errors import ApiError
from services.common.openapi import accepts
from services.common.validation import code_arg

from ..domain import reports as rules
from ..exports import summary_xlsx
from ..service_layer import reports as use_cases
from .views import jsonable, uow

bp = Blueprint("reports", __name__, url_prefix="/api/evaluation")
REVIEW_SCHEMA = {"type": "object", "additionalProperties": False,
                 "properties": {"reason": {"type": "string", "maxLength": 1000}}}


@bp.get("/reports/<period_type>/<period>")
@require_roles(*rules.READERS)
def report_or_summary(period_type: str, period: str):
    """县劳务办、县领导:全县汇总表(format=xlsx 导出);乡镇:本乡镇的报告。"""
    user = current_user()
    if user.role == "township_staff":
        return jsonable(use_cases.get_report(uow(), user, user.region_code, period_type, period))
    table = use_cases.summary(uow(), user, period_type, period)
    fmt = code_arg("format", choices=("json", "xlsx")) or "json"
    if fmt == "xlsx":
        return Response(summary_xlsx(table),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition":
                                 f"attachment; filename=summary-{period_type}-{period}.xlsx"})
    return jsonable(table)


@bp.put("/reports/<period_type>/<period>")
@require_roles(*rules.WRITERS)
@accepts(rules.REPORT_BODY_SCHEMA)
def save(period_type: str, period: str, body):
    """乡镇保存本乡镇报告草稿(工作总结与人工填报项)。"""
    return jsonable(use_cases.save_draft(uow(), current_user(), period_type, period, body))


@bp.post("/reports/<period_type>/<period>/submit")
@require_roles(*rules.WRITERS)
def submit(period_type: str, period: str):
    """乡镇上报本乡镇报告。"""
    return jsonable(use_cases.submit(uow(), current_user(), period_type, period))


@bp.get("/reports/<period_type>/<period>/<township>")
@require_roles(*rules.READERS)
def one(period_type: str, period: str, township: str):
    """查看某乡镇的报告。"""
    return jsonable(use_cases.get_report(uow(), current_user(), township, period_type, period))


@bp.post("/reports/<period_type>/<period>/<township>/<action>")
@require_roles(*rules.REVIEWERS)
@accepts(REVIEW_SCHEMA)
def review(period_type: str, period: str, township: str, action: str, body):
    """县劳务办退回(须说明理由)或采纳乡镇报告。"""
    if action not in ("return", "accept"):
        raise ApiError(404, "not_found", "未找到")
    return jsonable(use_cases.review(uow(), current_user(), township, period_type, period, action,
                                     body.get("reason"), g.request_id))


