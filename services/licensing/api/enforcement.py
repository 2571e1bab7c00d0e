"""HTTP entrypoints of illegal-agency tips and joint enforcement cases."""
from flask import Blueprint, current_app, g

from services.common.auth import current_user, require_roles
from services.common.errors import ApiError
from services.common.openapi import accepts
from services.common.public_limit import allow, client_address
from services.common.validation import code_arg, int_arg

from ..domain import enforcement as rules
from ..service_layer import enforcement as use_cases
from .views import case_out, lic, page_of, tip_out

bp = Blueprint("enforcement", __name__, url_prefix="/api/licensing")

# the hotline's web form is public: a client address may file this many tips per window
TIP_LIMIT, TIP_WINDOW_S = 10, 600


@bp.post("/tips")
@accepts(rules.TIP_SCHEMA)
def submit_tip(body):
    """举报非法中介(无需登录,可匿名)。"""
    user = current_user(optional=True)
    if user is None:
        wait = allow(current_app.extensions["db"], "tip:" + client_address(), TIP_LIMIT, TIP_WINDOW_S)
        if wait:
            raise ApiError(429, "rate_limited", f"提交过于频繁,请 {wait} 秒后再试",
                           {"body": "提交次数超过限制"}, headers={"Retry-After": str(wait)})
    tip = use_cases.submit_tip(lic().uow(), body, user)
    # the public learns only that the tip arrived and its number
    return {"id": tip["_id"], "received_at": tip["created_at"].isoformat(),
            "anonymous": tip["anonymous"]}, 201


@bp.get("/tips")
@require_roles("county_admin")
def list_tips():
    """举报线索列表(县劳务办)。"""
    page, size = int_arg("page", 1, 100000, default=1), int_arg("page_size", 1, 100, default=20)
    items, total = use_cases.list_tips(lic().uow(), current_user(), page, size)
    return page_of(items, total, page, size, lambda t: tip_out(t, current_user()))


@bp.post("/enforcement")
@require_roles(*rules.OFFICERS)
@accepts(rules.CASE_SCHEMA)
def open_case(body):
    """立案查处非法中介。"""
    case = use_cases.open_case(lic().uow(), body, current_user(), g.request_id)
    return case_out(case, current_user()), 201


@bp.get("/enforcement")
@require_roles(*rules.OFFICERS)
def list_cases():
    """本部门参与的查处案件。"""
    status = code_arg("status", choices=rules.STATUSES.codes)
    page, size = int_arg("page", 1, 100000, default=1), int_arg("page_size", 1, 100, default=20)
    items, total = use_cases.list_cases(lic().uow(), current_user(), status, page, size)
    return page_of(items, total, page, size, lambda c: case_out(c, current_user()))


@bp.get("/enforcement/<case_id>")
@require_roles(*rules.OFFICERS)
def get_case(case_id: str):
    """查看查处案件(仅参与部门)。"""
    return case_out(use_cases.get_case(lic().uow(), case_id, current_user()), current_user())


@bp.post("/enforcement/<case_id>/departments")
@require_roles(*rules.OFFICERS)
@accepts(rules.JOIN_SCHEMA)
def join(case_id: str, body):
    """邀请公安或工商部门联合查处。"""
    return case_out(use_cases.join(lic().uow(), case_id, body["department"], current_user()), current_user())


@bp.post("/enforcement/<case_id>/actions")
@require_roles(*rules.OFFICERS)
@accepts(rules.ACTION_SCHEMA)
def add_action(case_id: str, body):
    """录入查处行动(调查、取证、罚款、取缔、移送)。"""
    return case_out(use_cases.add_action(lic().uow(), case_id, body, current_user()), current_user()), 201


@bp.post("/enforcement/<case_id>/close")
@require_roles(*rules.OFFICERS)
@accepts(rules.CLOSE_SCHEMA)
def close(case_id: str, body):
    """结案(取缔、罚款、移送或查无违法)。"""
    case = use_cases.close(lic().uow(), case_id, body, current_user(), g.request_id)
    return case_out(case, current_user())
