"""创业之星 nominations and awards; model cases and media reports."""
from flask import Blueprint, g

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts
from services.common.validation import int_arg

from ..domain import awards as award_rules
from ..domain import model_cases as case_rules
from ..service_layer import awards as use_cases
from .views import jsonable, uow

bp = Blueprint("awards", __name__, url_prefix="/api/evaluation")


@bp.get("/awards")
@require_roles(*award_rules.READERS)
def list_awards():
    """创业之星推荐与评审(乡镇只见本乡镇)。"""
    year = int_arg("year", 2000, 2100)
    return {"year": year, "items": jsonable(use_cases.nominations(uow(), current_user(), year))}


@bp.post("/awards")
@require_roles(*award_rules.NOMINATORS)
@accepts(award_rules.NOMINATION_SCHEMA)
def nominate(body):
    """乡镇推荐返乡创业人员参评创业之星。"""
    return jsonable(use_cases.nominate(uow(), current_user(), body)), 201


@bp.get("/awards/<nomination_id>")
@require_roles(*award_rules.READERS)
def get_award(nomination_id: str):
    """查看一条推荐。"""
    return jsonable(use_cases.get_nomination(uow(), current_user(), nomination_id))


@bp.post("/awards/<nomination_id>/review")
@require_roles(*award_rules.REVIEWERS)
@accepts(award_rules.REVIEW_SCHEMA)
def review(nomination_id: str, body):
    """县劳务办评审:入围、不予通过(须说明理由)、授予。"""
    return jsonable(use_cases.review(uow(), current_user(), nomination_id, body["action"],
                                     body.get("reason"), g.request_id))


@bp.get("/entrepreneurs")
@require_roles(*award_rules.READERS)
def entrepreneurs():
    """劳动力档案中的返乡创业人员(仅编号与乡镇)。"""
    return {"items": jsonable(use_cases.entrepreneurs(uow(), current_user()))}


@bp.get("/model-cases")
@require_roles(*case_rules.READERS)
def list_model_cases():
    """先进典型与媒体报道。"""
    return jsonable(use_cases.model_cases(uow(), current_user(), int_arg("year", 2000, 2100)))


@bp.post("/model-cases")
@require_roles(*case_rules.RECORDERS)
@accepts(case_rules.MODEL_CASE_SCHEMA)
def record_model_case(body):
    """登记先进典型或媒体报道。"""
    return jsonable(use_cases.record_model_case(uow(), current_user(), body, g.request_id)), 201
