"""Applications (报名) and placements (安置到岗): staff record a worker's application to a posting
or an order (from the match list or the form), then its outcome with the reason, and for
"hired" the placement (start date, wage, organized by whom), which announces placement.made
through the API's use case. The list filters by status, posting, order and township, within
the reader's region (the same scope query as the API)."""
from datetime import date
from urllib.parse import urlencode

from flask import g, redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError
from services.common.errors import ApiError
from services.common.ui import error_of, form_values, render_page
from services.common.validation import BodySchema, int_arg

from ..api.placements import application_filters
from ..domain.placement import APPLICATION_SCHEMA, OUTCOME_SCHEMA, PLACEMENT_SCHEMA
from ..domain.roles import MATCHERS
from ..service_layer import placements as uc
from .common import LABELS, bp, jobs, numbers, township_names

APPLICATION_FORM, OUTCOME_FORM = BodySchema(APPLICATION_SCHEMA), BodySchema(OUTCOME_SCHEMA)
PLACEMENT_FORM = BodySchema(PLACEMENT_SCHEMA)
PAGE_SIZE = 20


def _page() -> int:
    return int_arg("page", 1, 100000, default=1)


@bp.get("/applications")
@require_roles(*MATCHERS)
def applications_page():
    """报名登记:本辖区的报名及结果,按状态、岗位、订单、乡镇筛选。"""
    user = current_user()
    filters, page = application_filters(), _page()
    items, total = uc.list_applications(jobs().uow(), user, filters, page, PAGE_SIZE)
    targets = uc.application_targets(jobs().uow(), user, date.today())
    towns = township_names()
    return render_page("jobs/applications.html", "results", items=items, total=total, page=page,
                       filters=filters, postings=targets["postings"], orders=targets["orders"],
                       towns=towns, township_choices=list(towns.items()),
                       county_wide=user.role == "county_admin",
                       page_url="/ui/jobs/applications?" + (urlencode(filters) + "&" if filters else ""), **LABELS)


def _new_form(values=None, error=None, status=200):
    targets = uc.application_targets(jobs().uow(), current_user(), date.today())
    return render_page("jobs/application_new.html", values=values or {}, error=error, status=status,
                       postings=targets["postings"], orders=targets["orders"], **LABELS)


@bp.get("/applications/new")
@require_roles(*MATCHERS)
def application_new():
    """登记报名:一名劳动力报名一个在招岗位或用工订单。"""
    values = {k: (request.args.get(k) or "").strip()[:64] for k in ("person_id", "posting_id", "order_id")}
    return _new_form({k: v for k, v in values.items() if v})


@bp.post("/applications")
@require_roles(*MATCHERS)
def application_create():
    """登记报名(表单提交;岗位匹配列表的“登记报名”也提交到这里)。"""
    values = form_values(["person_id", "posting_id", "order_id", "notes"])
    try:
        application = uc.record_application(jobs().uow(), APPLICATION_FORM.parse(values), current_user())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return _new_form(values, error, status)
    return redirect(f"/ui/jobs/applications/{application['_id']}?created=1", 303)


@bp.get("/applications/<application_id>")
@require_roles(*MATCHERS)
def application_page(application_id, error=None, values=None, status=200):
    """一条报名:报名的岗位或订单、结果及原因;录用的登记安置。"""
    a = uc.get_application(jobs().uow(), application_id, current_user())
    return render_page("jobs/application.html", a=a, error=error, values=values or {}, status=status,
                       towns=township_names(), created=request.args.get("created"),
                       decided=request.args.get("decided"), **LABELS)


@bp.post("/applications/<application_id>/outcome")
@require_roles(*MATCHERS)
def application_outcome(application_id):
    """登记报名结果及原因(表单提交);录用的接着登记安置。"""
    values = form_values(["outcome", "reason"])
    try:
        body = OUTCOME_FORM.parse(values)
        a = uc.record_outcome(jobs().uow(), application_id, body["outcome"], body.get("reason"), current_user())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        if status in (403, 404):
            raise
        return application_page(application_id, error=error, values=values, status=status)
    if a["outcome"] == "hired":
        return redirect(f"/ui/jobs/applications/{application_id}/place", 303)
    return redirect(f"/ui/jobs/applications/{application_id}?decided=1", 303)


def _place_form(a: dict, values=None, error=None, status=200):
    return render_page("jobs/placement_new.html", a=a, values=values or {}, error=error, status=status,
                       today=date.today().isoformat(), **LABELS)


@bp.get("/applications/<application_id>/place")
@require_roles(*MATCHERS)
def placement_new(application_id):
    """登记安置到岗:到岗日期、月工资、组织方式(录用的报名)。"""
    return _place_form(uc.get_application(jobs().uow(), application_id, current_user()))


@bp.post("/applications/<application_id>/place")
@require_roles(*MATCHERS)
def placement_create(application_id):
    """登记安置到岗(表单提交):生成回访任务并通知登记与考评。"""
    user = current_user()
    a = uc.get_application(jobs().uow(), application_id, user)
    values = form_values(["start_date", "monthly_wage", "organized_by", "city"])
    body = dict(numbers(values, ("monthly_wage",)), person_id=a["person_id"], application_id=a["_id"],
                **{k: a[k] for k in ("posting_id", "order_id") if a.get(k)})
    try:
        placement = uc.place(jobs().uow(), PLACEMENT_FORM.parse(body), user, g.request_id)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return _place_form(a, values, error, status)
    return redirect(f"/ui/jobs/placements?created={placement['_id']}", 303)


@bp.get("/placements")
@require_roles(*MATCHERS)
def placements_page():
    """安置记录:本辖区安置到岗的人员、单位、到岗日期、工资与组织方式。"""
    page = _page()
    items, total = uc.list_placements(jobs().uow(), current_user(), page, PAGE_SIZE)
    return render_page("jobs/placements.html", "results", items=items, total=total, page=page,
                       towns=township_names(), created=request.args.get("created"),
                       page_url="/ui/jobs/placements?", **LABELS)
