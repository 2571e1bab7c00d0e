"""Targets, the scoring rule and weights, and assessors' manual scores (county office)."""
from flask import Blueprint

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts
from services.common.validation import int_arg

from ..domain.scoring import ASSESSMENT_PERIODS, MANUAL, RULE_SCHEMA
from ..service_layer import assessment as use_cases
from .views import jsonable, uow

bp = Blueprint("targets", __name__, url_prefix="/api/evaluation")

TARGETS_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["year", "targets"],
    "properties": {
        "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "targets": {"type": "array", "minItems": 1, "maxItems": 2000, "items": {
            "type": "object", "additionalProperties": False,
            "required": ["unit_code", "indicator", "value"],
            "properties": {"unit_code": {"type": "string", "maxLength": 40},
                           "indicator": {"type": "string", "maxLength": 40},
                           "value": {"type": "number", "exclusiveMinimum": 0, "maximum": 1e12}}}},
    },
}
MANUAL_SCORE_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["year", "period", "unit_code", "indicator", "rate", "evidence"],
    "properties": {
        "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "period": ASSESSMENT_PERIODS.schema(),
        "unit_code": {"type": "string", "maxLength": 40},
        "indicator": MANUAL.schema(),
        "rate": {"type": "number", "minimum": 0, "maximum": 1},
        "evidence": {"type": "string", "minLength": 4, "maxLength": 2000,
                     "description_error": "评分依据须为 4-2000 字"},
    },
}


@bp.get("/targets")
@require_roles(*use_cases.TARGET_READERS)
def get_targets():
    """年度目标(乡镇只见本乡镇)。"""
    year = int_arg("year", 2000, 2100)
    return {"year": year, "items": use_cases.get_targets(uow(), current_user(), year)}


@bp.put("/targets")
@require_roles(*use_cases.SETTERS)
@accepts(TARGETS_SCHEMA)
def put_targets(body):
    """下达(或修改)年度目标。"""
    count = use_cases.set_targets(uow(), current_user(), body["year"], body["targets"])
    return {"year": body["year"], "saved": count}


@bp.get("/rules/<int:year>")
@require_roles(*use_cases.TARGET_READERS)
def get_rule(year: int):
    """年度考核办法:权重、封顶系数、表彰与批评线。"""
    return use_cases.get_rule(uow(), current_user(), year)


@bp.put("/rules/<int:year>")
@require_roles(*use_cases.SETTERS)
@accepts(RULE_SCHEMA)
def put_rule(year: int, body):
    """设置年度考核办法。"""
    return use_cases.set_rule(uow(), current_user(), year, body)


@bp.post("/manual-scores")
@require_roles(*use_cases.ASSESSORS)
@accepts(MANUAL_SCORE_SCHEMA)
def manual_score(body):
    """人工评分(组织建设、制度建设、宣传培训、管理服务),须附评分依据。"""
    doc = use_cases.score_manual(uow(), current_user(), body["year"], body["period"],
                                 body["unit_code"], body["indicator"], body["rate"], body["evidence"])
    return jsonable(doc), 201
