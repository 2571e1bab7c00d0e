"""HTTP entrypoints for agencies and their licence (thin: parse, call a use case, shape)."""
from flask import Blueprint, g, request

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts
from services.common.validation import code_arg, int_arg

from ..domain import agency as rules
from ..service_layer import agencies as use_cases
from .views import agency_out, lic, page_of

bp = Blueprint("agencies", __name__, url_prefix="/api/licensing")
LABOR = rules.LICENSERS


@bp.post("/agencies")
@require_roles(*LABOR)
@accepts(rules.APPLICATION_SCHEMA)
def apply(body):
    """登记职业中介机构的许可申请。"""
    agency = use_cases.apply(lic().uow(), body, current_user(), g.request_id)
    return agency_out(agency, current_user()), 201


@bp.get("/agencies")
@require_roles(*rules.READERS)
def list_agencies():
    """按状态列出中介机构(分页)。"""
    status = code_arg("status", choices=rules.STATUSES.codes)
    page, size = int_arg("page", 1, 100000, default=1), int_arg("page_size", 1, 100, default=20)
    items, total = use_cases.list_agencies(lic().uow(), current_user(), [status] if status else None,
                                           page, size)
    return page_of(items, total, page, size, lambda a: agency_out(a, current_user()))


@bp.get("/agencies/<agency_id>")
@require_roles(*rules.READERS)
def get_agency(agency_id: str):
    """查看中介机构档案(含许可证、得分和扣分记录)。"""
    return agency_out(use_cases.get(lic().uow(), agency_id, current_user()), current_user())


def _decision(agency_id: str, action: str, body: dict):
    agency = use_cases.decide(lic().uow(), agency_id, action, current_user(), body.get("reason"),
                              g.request_id)
    return agency_out(agency, current_user())


@bp.post("/agencies/<agency_id>/review")
@require_roles(*LABOR)
@accepts(rules.DECISION_SCHEMA)
def review(agency_id: str, body):
    """受理审核。"""
    return _decision(agency_id, "review", body)


@bp.post("/agencies/<agency_id>/approve")
@require_roles(*LABOR)
@accepts(rules.DECISION_SCHEMA)
def approve(agency_id: str, body):
    """批准许可:发放职业介绍许可证(有效期 3 年)。"""
    return _decision(agency_id, "approve", body)


@bp.post("/agencies/<agency_id>/reject")
@require_roles(*LABOR)
@accepts(rules.REASON_REQUIRED)
def reject(agency_id: str, body):
    """不予许可(须说明理由)。"""
    return _decision(agency_id, "reject", body)


@bp.post("/agencies/<agency_id>/renew")
@require_roles(*LABOR)
@accepts(rules.DECISION_SCHEMA)
def renew(agency_id: str, body):
    """许可证续期 3 年(被吊销的不能续期)。"""
    return _decision(agency_id, "renew", body)


@bp.post("/agencies/<agency_id>/suspend")
@require_roles(*LABOR)
@accepts(rules.REASON_REQUIRED)
def suspend(agency_id: str, body):
    """暂停许可(须说明理由)。"""
    return _decision(agency_id, "suspend", body)


@bp.post("/agencies/<agency_id>/reinstate")
@require_roles(*LABOR)
@accepts(rules.REASON_REQUIRED)
def reinstate(agency_id: str, body):
    """恢复被暂停的许可。"""
    return _decision(agency_id, "reinstate", body)


@bp.post("/agencies/<agency_id>/revoke")
@require_roles(*LABOR)
@accepts(rules.REASON_REQUIRED)
def revoke(agency_id: str, body):
    """吊销许可证(须说明理由)。"""
    return _decision(agency_id, "revoke", body)


@bp.post("/agencies/<agency_id>/changes")
@require_roles(*LABOR)
@accepts(rules.CHANGE_SCHEMA)
def change(agency_id: str, body):
    """变更地址、法定代表人或从业人员。"""
    return agency_out(use_cases.change(lic().uow(), agency_id, body, current_user()), current_user())


@bp.put("/agencies/<agency_id>/business-license")
@require_roles(*rules.COMMERCE)
@accepts(rules.BUSINESS_LICENSE_SCHEMA)
def business_license(agency_id: str, body):
    """工商部门登记营业执照。"""
    agency = use_cases.record_business_license(lic().uow(), agency_id, body, current_user())
    return agency_out(agency, current_user())


@bp.get("/verify")
def verify():
    """公开查询中介机构是否持证(无需登录):按名称或许可证号。"""
    return use_cases.verify_public(lic().uow(), request.args.get("q", ""))
