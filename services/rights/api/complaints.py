"""Intake: staff complaints, the worker's public form (no login, rate-limited), the public
status by receipt number, wage-alert drafts and the agency lookup for the intake form."""
from flask import Blueprint, g, request

from services.common.auth import current_user, require_roles
from services.common.config import env
from services.common.errors import ApiError
from services.common.openapi import accepts

from ..domain.access import INTAKE_ROLES
from ..domain.case import COMPLAINT_SCHEMA, PUBLIC_COMPLAINT_SCHEMA
from ..service_layer import cases as use_cases
from ..service_layer import intake_sources
from services.common.public_limit import allow, client_address
from .common import rights, view

bp = Blueprint("rights_complaints", __name__, url_prefix="/api/rights")

PUBLIC_LIMIT = int(env("RIGHTS_PUBLIC_LIMIT", "5"))          # complaints per address ...
PUBLIC_WINDOW = int(env("RIGHTS_PUBLIC_WINDOW_SECONDS", "600"))  # ... per this many seconds


@bp.post("/complaints")
@require_roles(*INTAKE_ROLES)
@accepts(COMPLAINT_SCHEMA)
def take(body):
    """登记投诉(热线、来访、乡镇或联络站转来),生成受理编号。"""
    case = use_cases.take_complaint(rights().uow(), body, current_user(), g.request_id)
    return view(case), 201


@bp.post("/public/complaints")
@accepts(PUBLIC_COMPLAINT_SCHEMA)
def take_public(body):
    """务工人员网上投诉(无需登录,按来源地址限流)。"""
    wait = allow(rights().db, client_address(), PUBLIC_LIMIT, PUBLIC_WINDOW)
    if wait:
        raise ApiError(429, "rate_limited", f"提交过于频繁,请 {wait} 秒后再试",
                       {"body": "提交次数超过限制"}, headers={"Retry-After": str(wait)})
    case = use_cases.take_public_complaint(rights().uow(), body, g.request_id)
    # the worker learns only what the status page shows, never the stored record
    return {"receipt_number": case["receipt_number"],
            "status": use_cases.status_by_receipt(rights().uow(), case["receipt_number"])}, 201


@bp.get("/status/<receipt>")
def status(receipt: str):
    """凭受理编号查询办理进度(公开,不含个人信息)。"""
    receipt = receipt.strip().upper()
    if not (receipt.isascii() and receipt.isalnum() and len(receipt) == 16):
        raise ApiError(400, "validation_failed", "受理编号格式不正确",
                       {"receipt": "须为 WQ 开头的 16 位编号"})
    return use_cases.status_by_receipt(rights().uow(), receipt)


@bp.get("/drafts")
@require_roles("rights_staff")
def drafts():
    """欠薪预警生成的投诉草稿(待联系务工人员)。"""
    items = intake_sources.open_drafts(rights().uow(), current_user())
    return {"items": [{**{k: v for k, v in d.items() if k != "_id"}, "id": d["_id"],
                       "received_at": d["received_at"].isoformat()} for d in items]}


@bp.post("/drafts/<draft_id>/dismiss")
@require_roles("rights_staff")
def dismiss(draft_id: str):
    """作废一条投诉草稿。"""
    intake_sources.dismiss_draft(rights().uow(), draft_id, current_user())
    return {"id": draft_id, "state": "dismissed"}


@bp.get("/agencies")
@require_roles(*INTAKE_ROLES)
def agencies():
    """按名称查找中介机构(来自许可部门的事件),供登记被投诉方时关联。"""
    q = (request.args.get("q") or "").strip()[:50]
    items = intake_sources.search_agencies(rights().uow(), current_user(), q)
    return {"items": [{"id": a["_id"], "name": a["name"], "status": a.get("status"),
                       "license_number": a.get("license_number")} for a in items]}
