"""Periodic reports: a township fills in and submits its own (figures prefilled from its
indicators); the county office sees the summary table, opens each report, returns or accepts
it; the summary as xlsx; every report printable."""
from flask import Response, g, redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError
from services.common.errors import ApiError
from services.common.ui import error_of, render_page

from ..domain import reports as rules
from ..domain.calendar import PERIOD_TYPES, parse_period
from ..exports import summary_xlsx
from ..service_layer import reports as uc
from .common import LABELS, bp, choice_arg, current_period, uow

FIGURES = ("registered", "new_entrants", "exported", "exported_organized", "exported_self",
           "working_outside", "labor_income", "trainings", "trainings_certified", "placements",
           "bases", "cases_closed", "wages_recovered", "model_cases", "media_reports")


def _period(given: tuple[str, str] | None = None) -> tuple[str, str]:
    if given:
        parse_period(*given)
        return given
    period_type = choice_arg("period_type", PERIOD_TYPES, "monthly")
    period = (request.args.get("period") or "").strip() or current_period(period_type)
    parse_period(period_type, period)
    return period_type, period


@bp.get("/reports")
@require_roles(*rules.READERS)
def reports_page(error=None, status=200, values=None, given=None):
    """报表:乡镇填报本乡镇的月报、季报、半年报、年报;县里查看全县汇总表。"""
    user = current_user()
    period_type, period = _period(given)
    context = dict(period_type=period_type, period=period, figures=FIGURES, error=error,
                   errors=(error or {}).get("fields", {}), done=request.args.get("done"), **LABELS)
    if user.role == "township_staff":
        report = uc.get_report(uow(), user, user.region_code, period_type, period)
        if values:
            report.update(narrative=values.get("narrative", ""), manual=values.get("manual", {}))
        mine = uc.my_reports(uow(), user, int(period[:4]))
        return render_page("evaluation/report_form.html", status=status, report=report, mine=mine,
                           editable=report["status"] in rules.EDITABLE, **context)
    table = uc.summary(uow(), user, period_type, period)
    return render_page("evaluation/report_summary.html", status=status, table=table, **context)


@bp.post("/reports/<period_type>/<period>")
@require_roles(*rules.WRITERS)
def report_save(period_type: str, period: str):
    """乡镇保存或上报本乡镇报告(表单提交)。"""
    body = {"narrative": request.form.get("narrative", ""),
            "manual": {k: request.form.get(k, "") for k in rules.MANUAL_FIELDS}}
    version = (request.form.get("version") or "").strip()
    if version.isdigit():
        body["version"] = int(version)
    try:
        uc.save_draft(uow(), current_user(), period_type, period, body)
        if request.form.get("action") == "submit":
            uc.submit(uow(), current_user(), period_type, period)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return reports_page(error=error, status=status, values=body, given=(period_type, period))
    done = "submitted" if request.form.get("action") == "submit" else "saved"
    return redirect(f"/ui/evaluation/reports?period_type={period_type}&period={period}&done={done}", 303)


@bp.get("/reports/<period_type>/<period>/summary.xlsx")
@require_roles("county_admin", "leader")
def summary_download(period_type: str, period: str):
    """全县汇总表(xlsx)。"""
    table = uc.summary(uow(), current_user(), period_type, period)
    return Response(summary_xlsx(table),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename=summary-{period_type}-{period}.xlsx"})


@bp.get("/reports/<period_type>/<period>/<township>")
@require_roles(*rules.READERS)
def report_view(period_type: str, period: str, township: str):
    """查看(打印)某乡镇的报告;县劳务办可退回或采纳。"""
    user = current_user()
    report = uc.get_report(uow(), user, township, period_type, period)
    can_review = user.role in rules.REVIEWERS and report["status"] == "submitted"
    return render_page("evaluation/report_view.html", report=report, figures=FIGURES,
                       can_review=can_review, done=request.args.get("done"), **LABELS)


@bp.post("/reports/<period_type>/<period>/<township>/<action>")
@require_roles(*rules.REVIEWERS)
def report_review(period_type: str, period: str, township: str, action: str):
    """退回或采纳乡镇报告(表单提交)。"""
    if action not in ("return", "accept"):
        raise ApiError(404, "not_found", "没有这个操作")
    uc.review(uow(), current_user(), township, period_type, period, action,
              request.form.get("reason"), g.request_id)
    return redirect(f"/ui/evaluation/reports/{period_type}/{period}/{township}?done={action}", 303)
