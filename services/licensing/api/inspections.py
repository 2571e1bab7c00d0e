"""HTTP entrypoints of 监督检查 and 双随机一公开."""
from flask import Blueprint, g

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts

from ..domain import inspection as rules
from ..domain import random_draw
from ..domain.agency import READERS
from ..service_layer import inspections as use_cases
from .views import lic, plain

bp = Blueprint("inspections", __name__, url_prefix="/api/licensing")


@bp.post("/agencies/<agency_id>/inspections")
@require_roles(*rules.INSPECTORS)
@accepts(rules.INSPECTION_SCHEMA)
def record(agency_id: str, body):
    """录入一次监督检查(检查项、发现问题、扣分、整改期限)。"""
    return plain(use_cases.record(lic().uow(), agency_id, body, current_user(), g.request_id)), 201


@bp.get("/agencies/<agency_id>/inspections")
@require_roles(*READERS)
def of_agency(agency_id: str):
    """一家机构的检查记录。"""
    return {"items": plain(use_cases.of_agency(lic().uow(), agency_id, current_user()))}


@bp.post("/inspections/<inspection_id>/follow-up")
@require_roles(*rules.INSPECTORS)
@accepts(rules.FOLLOW_UP_SCHEMA)
def follow_up(inspection_id: str, body):
    """录入整改情况(逾期或未整改按规则扣分)。"""
    return plain(use_cases.follow_up(lic().uow(), inspection_id, body, current_user(), g.request_id))


@bp.post("/draws")
@require_roles(*random_draw.DRAWERS)
@accepts(random_draw.DRAW_SCHEMA)
def draw(body):
    """双随机抽取检查对象和检查人员(记录随机种子)。"""
    return plain(use_cases.draw(lic().uow(), body, current_user())), 201


@bp.get("/draws")
def published():
    """双随机抽查结果公开(无需登录)。"""
    return {"items": plain(use_cases.published_draws(lic().uow()))}


@bp.get("/draws/<draw_id>/rerun")
def rerun(draw_id: str):
    """用记录的种子重新抽取,核对结果是否一致(无需登录)。"""
    return plain(use_cases.rerun(lic().uow(), draw_id))
