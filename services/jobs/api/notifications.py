"""HTTP entrypoints for notifications: SMS subscriptions (opt-in with the worker's phone and
consent, opt-out recorded by staff), the SMS delivery log, and staff notices. Phones are shown
masked (3-digit prefix) in every reply; the worker's page code is never listed."""
import re

from flask import Blueprint

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts
from services.common.validation import code_arg

from ..domain.common import view
from ..domain.notifications import MESSAGE_STATES, OPT_OUT_SCHEMA, SUBSCRIBE_SCHEMA, SUBSCRIPTION_STATES, masked
from ..domain.roles import MATCHERS
from ..service_layer import notifications as uc
from .common import jobs, paging

bp = Blueprint("jobs_notifications", __name__, url_prefix="/api/jobs")
PAGE_LINK = re.compile(r"/ui/jobs/sms/[A-Z0-9]+")


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def subscription_view(sub: dict) -> dict:
    """No phone but its masked form, no page code (the worker's key)."""
    out = view({k: v for k, v in sub.items() if k not in ("phone", "code")})
    out["phone_masked"] = masked(sub.get("phone"))
    consent = sub.get("consent")
    out["consent"] = dict(consent, at=_iso(consent["at"])) if consent else None
    out["history"] = [dict(h, at=_iso(h["at"])) for h in sub.get("history") or []]
    return out


def message_view(message: dict) -> dict:
    """The message as sent, but the link to the worker's page without its code."""
    out = view(message)
    out["text"] = PAGE_LINK.sub("/ui/jobs/sms/…", message.get("text") or "")
    out["attempts"] = [dict(a, at=_iso(a["at"])) for a in message.get("attempts") or []]
    return out


def notice_view(notice: dict, user_id: str) -> dict:
    out = view({k: v for k, v in notice.items() if k != "read_by"})
    out["read"] = user_id in (notice.get("read_by") or [])
    return out


@bp.post("/sms/subscriptions")
@require_roles(*MATCHERS)
@accepts(SUBSCRIBE_SCHEMA)
def subscribe(body):
    """办理短信订阅:本人提供手机号并同意接收(记录办理人、方式和时间)。"""
    return subscription_view(uc.subscribe(jobs().uow(), body, current_user())), 201


@bp.get("/sms/subscriptions")
@require_roles(*MATCHERS)
def list_subscriptions():
    """本辖区的短信订阅(手机号脱敏)。"""
    status = code_arg("status", choices=SUBSCRIPTION_STATES.codes)
    page, size = paging()
    items, total = uc.list_subscriptions(jobs().uow(), current_user(), {"status": status} if status else {},
                                         page, size)
    return {"items": [subscription_view(s) for s in items], "total": total, "page": page, "page_size": size}


@bp.post("/sms/subscriptions/<person_id>/opt-out")
@require_roles(*MATCHERS)
@accepts(OPT_OUT_SCHEMA)
def opt_out(person_id, body):
    """登记本人(到站或来电)要求的短信退订。"""
    return subscription_view(uc.staff_opt_out(jobs().uow(), person_id, body["channel"], body.get("reason"),
                                              current_user()))


@bp.get("/sms/messages")
@require_roles(*MATCHERS)
def list_messages():
    """短信发送记录(本辖区;状态:待发送/发送中/已发送/发送失败,附网关答复)。"""
    status = code_arg("status", choices=MESSAGE_STATES.codes)
    page, size = paging()
    items, total = uc.list_messages(jobs().uow(), current_user(), {"status": status} if status else {},
                                    page, size)
    return {"items": [message_view(m) for m in items], "total": total, "page": page, "page_size": size}


@bp.get("/notices")
@require_roles(*MATCHERS)
def list_notices():
    """待办提醒(发给本人角色和辖区的)。"""
    page, size = paging()
    user = current_user()
    unread = code_arg("unread", choices=("1",)) == "1"
    items, total = uc.notices(jobs().uow(), user, unread, page, size)
    return {"items": [notice_view(n, user.id) for n in items], "total": total, "page": page, "page_size": size}


@bp.post("/notices/<path:notice_id>/read")
@require_roles(*MATCHERS)
def read_notice(notice_id):
    """标记提醒为已读。"""
    uc.mark_read(jobs().uow(), notice_id, current_user())
    return {"id": notice_id, "read": True}
