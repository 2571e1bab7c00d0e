"""创业之星: townships nominate entrepreneurs known from the register, the county office
shortlists, rejects (with a reason) or awards; model cases and media reports recorded by
townships. Form posts run the same use cases as the API (post/redirect/get)."""
from flask import g, redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError
from services.common.errors import ApiError
from services.common.ui import error_of, form_values, render_page
from services.common.validation import BodySchema

from ..domain import awards as award_rules
from ..domain import model_cases as case_rules
from ..domain.units import TOWNSHIPS
from ..service_layer import awards as uc
from .common import LABELS, bp, uow, year_arg

NOMINATION_FORM = BodySchema(award_rules.NOMINATION_SCHEMA)
CASE_FORM = BodySchema(case_rules.MODEL_CASE_SCHEMA)


@bp.get("/awards")
@require_roles(*award_rules.READERS)
def awards_page(error=None, status=200, values=None):
    """创业之星:推荐、评审与授予。"""
    user = current_user()
    year = year_arg()
    items = uc.nominations(uow(), user, year)
    people = uc.entrepreneurs(uow(), user) if user.role in award_rules.NOMINATORS else []
    return render_page("evaluation/awards.html", status=status, year=year, items=items,
                       people=people, values=values or {}, error=error,
                       errors=(error or {}).get("fields", {}), done=request.args.get("done"),
                       can_nominate=user.role in award_rules.NOMINATORS,
                       can_review=user.role in award_rules.REVIEWERS,
                       actions=award_rules.WORKFLOW, **LABELS)


@bp.post("/awards")
@require_roles(*award_rules.NOMINATORS)
def awards_nominate():
    """推荐创业之星(表单提交)。"""
    year = year_arg()
    values = form_values(["person_id", "display_name", "business", "deeds"])
    try:
        body = NOMINATION_FORM.parse(dict(values, year=year))
        uc.nominate(uow(), current_user(), body)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return awards_page(error=error, status=status, values=values)
    return redirect(f"/ui/evaluation/awards?year={year}&done=nominated", 303)


@bp.post("/awards/<nomination_id>/<action>")
@require_roles(*award_rules.REVIEWERS)
def awards_review(nomination_id: str, action: str):
    """评审创业之星推荐(表单提交)。"""
    if action not in ("shortlist", "reject", "award"):
        raise ApiError(404, "not_found", "没有这个操作")
    n = uc.review(uow(), current_user(), nomination_id, action, request.form.get("reason"), g.request_id)
    return redirect(f"/ui/evaluation/awards?year={n['year']}&done={action}", 303)


@bp.get("/model-cases")
@require_roles(*case_rules.READERS)
def model_cases_page(error=None, status=200, values=None):
    """先进典型与媒体报道:登记与列表(全年媒体报道不少于 10 篇)。"""
    user = current_user()
    year = year_arg()
    listing = uc.model_cases(uow(), user, year)
    return render_page("evaluation/model_cases.html", status=status, year=year, listing=listing,
                       values=values or {}, error=error, errors=(error or {}).get("fields", {}),
                       done=request.args.get("done"), can_record=user.role in case_rules.RECORDERS,
                       towns=TOWNSHIPS, current_role=user.role, **LABELS)


@bp.post("/model-cases")
@require_roles(*case_rules.RECORDERS)
def model_cases_record():
    """登记先进典型或媒体报道(表单提交)。"""
    values = form_values(["kind", "township_code", "title", "summary", "medium", "on"])
    try:
        uc.record_model_case(uow(), current_user(), CASE_FORM.parse(values), g.request_id)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return model_cases_page(error=error, status=status, values=values)
    return redirect(f"/ui/evaluation/model-cases?year={values['on'][:4]}&done=recorded", 303)
