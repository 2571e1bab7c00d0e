"""The worker's public pages, no login, usable on a phone: the web complaint form and the
status page by receipt number (no personal data)."""
from flask import g, redirect, request

from services.common.domain.errors import DomainError, NotFound
from services.common.errors import ApiError
from services.common.ui import error_of, render_page

from services.common.public_limit import client_address

from ..api.complaints import PUBLIC_LIMIT, PUBLIC_WINDOW
from ..service_layer import cases as use_cases
from services.common.public_limit import allow
from .common import LABELS, bp, form_errors, rights
from .intake_pages import FIELD_LABELS, PUBLIC_FORM, checked, complaint_from_form


@bp.get("/status")
def status():
    """办理进度查询(公开,凭受理编号,不显示个人信息)。"""
    receipt = (request.args.get("receipt") or "").strip().upper()[:32]
    found, error = None, None
    if receipt:
        try:
            found = use_cases.status_by_receipt(rights().uow(), receipt)
        except NotFound:
            error = {"message": "未找到该受理编号,请核对后再查。", "fields": {"receipt": "不存在"}}
    return render_page("rights/status.html", status=404 if error else 200, receipt=receipt,
                       found=found, error=error, new=request.args.get("new") == "1", **LABELS)


def _complain(values=None, error=None, status=200):
    return render_page("rights/complain.html", status=status, values=values or {}, error=error,
                       errors=form_errors(error), labels=FIELD_LABELS, shown=tuple(FIELD_LABELS),
                       **LABELS)


@bp.get("/complain")
def complain():
    """网上投诉(务工人员,无需登录)。"""
    return _complain()


@bp.post("/complain")
def complain_submit():
    """网上投诉提交:成功转到进度页并显示受理编号。"""
    body = complaint_from_form(request.form, staff=False)
    try:
        checked(body, PUBLIC_FORM)
        wait = allow(rights().db, client_address(), PUBLIC_LIMIT, PUBLIC_WINDOW)
        if wait:
            raise ApiError(429, "rate_limited", f"提交过于频繁,请 {wait} 秒后再试")
        case = use_cases.take_public_complaint(rights().uow(), body, g.request_id)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return _complain(dict(request.form), error, status)
    return redirect(f"/ui/rights/status?receipt={case['receipt_number']}&new=1", 303)
