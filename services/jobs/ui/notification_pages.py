"""Notification pages. Staff (the register's keepers, in their region): SMS subscriptions with
the opt-in form (the phone the worker gives, their consent, how it was taken) and opt-outs the
worker asked for; the SMS delivery log; the notices addressed to them. The worker (public, no
login, phone-sized): their own page, opened by the code on their slip and in every message,
to opt out or back in. Phones are shown masked everywhere."""
from flask import redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError, NotFound
from services.common.errors import ApiError
from services.common.ui import error_of, form_values, render_page
from services.common.validation import BodySchema, code_arg, int_arg

from ..api.notifications import message_view
from ..domain import notifications as rules
from ..domain.notifications import OPT_OUT_SCHEMA, SUBSCRIBE_SCHEMA
from ..domain.roles import MATCHERS
from ..service_layer import notifications as uc
from .common import LABELS, bp, jobs

SUBSCRIBE_FORM, OPT_OUT_FORM = BodySchema(SUBSCRIBE_SCHEMA), BodySchema(OPT_OUT_SCHEMA)
PAGE_SIZE = 20
NOTIFY_LABELS = {"SUBSCRIPTION_STATES": rules.SUBSCRIPTION_STATES, "CHANNELS": rules.CHANNELS,
                 "MESSAGE_STATES": rules.MESSAGE_STATES, "NOTICE_KINDS": rules.NOTICE_KINDS,
                 "HISTORY_ACTIONS": rules.HISTORY_ACTIONS, "STAFF_CHANNELS": [
                     ("in_person", rules.CHANNELS.label("in_person")),
                     ("phone_call", rules.CHANNELS.label("phone_call"))],
                 "masked": rules.masked, "CONSENT_TEXT": rules.CONSENT_TEXT}
FIELD_LABELS = {"person_id": "人员编号", "phone": "手机号", "channel": "办理方式", "consent": "本人同意",
                "reason": "原因"}


def _page() -> int:
    return int_arg("page", 1, 100000, default=1)


def _checked(form: BodySchema, body: dict) -> dict:
    fields = form.errors(body)
    if fields:
        raise ApiError(400, "validation_failed", "请求数据不符合要求", fields)
    return body


# ---- staff: subscriptions ------------------------------------------------------------------
def _subscriptions(values=None, error=None, status=200, done=None):
    status_filter = code_arg("status", choices=rules.SUBSCRIPTION_STATES.codes)
    page = _page()
    items, total = uc.list_subscriptions(jobs().uow(), current_user(),
                                         {"status": status_filter} if status_filter else {}, page, PAGE_SIZE)
    new_code = None
    if done == "subscribed":
        new_code = next((s["code"] for s in items if s["person_id"] == request.args.get("person_id")), None)
    return render_page("jobs/notifications.html", "results", status=status, items=items, total=total,
                       page=page, state=status_filter, values=values or {}, error=error,
                       errors=(error or {}).get("fields"), labels=FIELD_LABELS, done=done,
                       new_code=new_code, page_url="/ui/jobs/notifications?"
                       + (f"status={status_filter}&" if status_filter else ""), **LABELS, **NOTIFY_LABELS)


@bp.get("/notifications")
@require_roles(*MATCHERS)
def notifications_page():
    """短信订阅:本辖区已订阅、已退订的劳动力(手机号脱敏),办理订阅与退订。"""
    done = code_arg("done", choices=("subscribed", "opted_out"))
    values = {"person_id": (request.args.get("for") or "").strip()[:64]}
    return _subscriptions(values if values["person_id"] else None, done=done)


@bp.post("/notifications")
@require_roles(*MATCHERS)
def notifications_subscribe():
    """办理短信订阅(表单提交):本人提供手机号并同意。"""
    body = form_values(("person_id", "phone", "channel"))
    if request.form.get("consent") == "yes":
        body["consent"] = True
    try:
        sub = uc.subscribe(jobs().uow(), _checked(SUBSCRIBE_FORM, body), current_user())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        values = {k: v for k, v in request.form.items() if k != "phone"}  # the phone is not echoed
        return _subscriptions(values, error, status)
    return redirect(f"/ui/jobs/notifications?done=subscribed&person_id={sub['person_id']}", 303)


@bp.post("/notifications/<person_id>/opt-out")
@require_roles(*MATCHERS)
def notifications_opt_out(person_id):
    """登记本人要求的退订(到站或来电)。"""
    body = form_values(("channel", "reason"))
    try:
        uc.staff_opt_out(jobs().uow(), person_id[:64], _checked(OPT_OUT_FORM, body)["channel"],
                         body.get("reason"), current_user())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return _subscriptions(None, error, status)
    return redirect("/ui/jobs/notifications?done=opted_out", 303)


# ---- staff: the delivery log and notices ----------------------------------------------------
@bp.get("/notifications/log")
@require_roles(*MATCHERS)
def notifications_log_page():
    """短信发送记录:每条短信的状态(待发送、发送中、已发送、发送失败)和网关答复。"""
    state = code_arg("status", choices=rules.MESSAGE_STATES.codes)
    page = _page()
    items, total = uc.list_messages(jobs().uow(), current_user(), {"status": state} if state else {},
                                    page, PAGE_SIZE)
    return render_page("jobs/notifications_log.html", "results", items=[message_view(m) for m in items],
                       total=total, page=page, state=state,
                       page_url="/ui/jobs/notifications/log?" + (f"status={state}&" if state else ""),
                       **LABELS, **NOTIFY_LABELS)


@bp.get("/notices")
@require_roles(*MATCHERS)
def notices_page():
    """待办提醒:新订单、临近出发未招满的订单、久未登记结果的报名。"""
    user = current_user()
    unread = code_arg("unread", choices=("1",)) == "1"
    page = _page()
    items, total = uc.notices(jobs().uow(), user, unread, page, PAGE_SIZE)
    return render_page("jobs/notifications_notices.html", "results", items=items, total=total, page=page,
                       unread=unread, user_id=user.id,
                       page_url="/ui/jobs/notices?" + ("unread=1&" if unread else ""), **LABELS, **NOTIFY_LABELS)


@bp.post("/notices/<path:notice_id>/read")
@require_roles(*MATCHERS)
def notices_read(notice_id):
    """标记提醒为已读。"""
    uc.mark_read(jobs().uow(), notice_id[:200], current_user())
    return redirect("/ui/jobs/notices", 303)


# ---- the worker's own page (public) -----------------------------------------------------------
@bp.get("/sms")
def own_sms_entry():
    """短信提醒:凭订阅码查看和退订(公开,手机可用)。"""
    raw = request.args.get("code")
    if raw is not None:
        code = rules.normal_code(raw)
        if code:
            return redirect(f"/ui/jobs/sms/{code}", 303)
        error = {"message": "订阅码应为 12 位字母和数字,请核对凭条或短信。", "fields": {"code": "格式不正确"}}
        return render_page("jobs/notifications_own.html", status=400, found=None, error=error, **NOTIFY_LABELS,
                           **LABELS)
    return render_page("jobs/notifications_own.html", found=None, error=None, **NOTIFY_LABELS, **LABELS)


def _own(code: str, error=None, status=200, done=None):
    try:
        found = uc.own_subscription(jobs().uow(), code)
    except NotFound:
        error = {"message": "未找到该订阅码,请核对凭条或短信中的链接。", "fields": {"code": "不存在"}}
        return render_page("jobs/notifications_own.html", status=404, found=None, error=error, **NOTIFY_LABELS,
                           **LABELS)
    return render_page("jobs/notifications_own.html", status=status, found=found, code=code, error=error,
                       done=done, **NOTIFY_LABELS, **LABELS)


@bp.get("/sms/<code>")
def own_sms_page(code):
    """我的短信提醒(凭订阅码,公开):状态、办理记录、最近的短信,退订或重新订阅。"""
    code = rules.normal_code(code) or "-"
    return _own(code, done=code_arg("done", choices=("opt_out", "opt_in")))


@bp.post("/sms/<code>")
def own_sms_choice(code):
    """本人退订或重新订阅(表单提交)。"""
    code = rules.normal_code(code) or "-"
    action = request.form.get("action")
    try:
        if action not in ("opt_out", "opt_in"):
            raise ApiError(400, "validation_failed", "请选择退订或重新订阅", {"action": "无效"})
        if action == "opt_in" and request.form.get("consent") != "yes":
            raise ApiError(400, "validation_failed", "重新订阅须本人同意", {"consent": "须勾选同意"})
        uc.own_choice(jobs().uow(), code, action, (request.form.get("reason") or "").strip()[:200] or None)
    except NotFound:
        return _own(code)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return _own(code, error, status)
    return redirect(f"/ui/jobs/sms/{code}?done={action}", 303)
