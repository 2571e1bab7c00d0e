"""HTTP entrypoints of the 100-point scoring: rules, deductions, proposals, ranking."""
from flask import Blueprint, g

from services.common.auth import current_user, require_roles
from services.common.errors import ApiError
from services.common.openapi import accepts

from ..domain import agency as agency_rules
from ..domain import scoring as rules
from ..service_layer import scoring as use_cases
from .views import agency_out, lic, plain

bp = Blueprint("scoring", __name__, url_prefix="/api/licensing")
PROPOSAL_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["reason"],
                   "properties": {"reason": {"type": "string", "minLength": 2, "maxLength": 500,
                                             "description_error": "须填写 2-500 字的意见"}}}


@bp.get("/rules")
@require_roles(*rules.RULE_READERS)
def list_rules():
    """百分制扣分规则表。"""
    return {"items": plain(use_cases.list_rules(lic().uow(), current_user()))}


@bp.post("/rules")
@require_roles(*rules.RULE_EDITORS)
@accepts(rules.NEW_RULE_SCHEMA)
def add_rule(body):
    """新增扣分规则。"""
    return plain(use_cases.put_rule(lic().uow(), None, body, current_user())), 201


@bp.patch("/rules/<code>")
@require_roles(*rules.RULE_EDITORS)
@accepts(rules.RULE_SCHEMA)
def edit_rule(code: str, body):
    """修改扣分规则(分值、条款、停用)。"""
    return plain(use_cases.put_rule(lic().uow(), code, body, current_user()))


@bp.post("/agencies/<agency_id>/deductions")
@require_roles(*rules.RULE_EDITORS)
@accepts(rules.DEDUCTION_SCHEMA)
def deduct(agency_id: str, body):
    """按规则扣分(如广告违规)。"""
    return plain(use_cases.deduct(lic().uow(), agency_id, body, current_user(), g.request_id)), 201


@bp.post("/agencies/<agency_id>/proposals/<proposal_id>/<decision>")
@require_roles(*rules.RULE_EDITORS)
@accepts(PROPOSAL_SCHEMA)
def decide(agency_id: str, proposal_id: str, decision: str, body):
    """确认或不采纳低分处理建议(confirm / dismiss)。"""
    if decision not in ("confirm", "dismiss"):
        raise ApiError(404, "not_found", "未找到")
    agency = use_cases.decide_proposal(lic().uow(), agency_id, proposal_id, decision == "confirm",
                                       body["reason"], current_user(), g.request_id)
    return agency_out(agency, current_user())


@bp.get("/rankings/<int:year>")
@require_roles(*agency_rules.READERS)
def ranking(year: int):
    """中介机构年度百分制排名。"""
    if not 2000 <= year <= 2100:
        raise ApiError(400, "validation_failed", "年份无效", {"year": "须为 2000-2100"})
    return {"year": year, "items": use_cases.ranking(lic().uow(), year, current_user())}
