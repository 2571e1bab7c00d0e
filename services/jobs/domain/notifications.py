"""Notifications (消息提醒). Workers who opted in get an SMS when a posting matching them is
published, at most one a day; staff get notices in the platform when an order or an
application needs them. Pure rules: the subscription with its consent and opt-in/opt-out
history, the daily message key, the text, who a staff notice is for. The SMS gateway is a
port (`SmsGateway`); its adapters live in services/jobs/sms/.

The phone is the worker's own, given when they opt in (the registry's events carry none);
it is kept only on the subscription, shown masked everywhere, and read in full only by the
sender to hand it to the gateway (docs/personal-data.md, "Job notices by SMS")."""
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol

from services.common.domain.actor import Actor
from services.common.domain.choices import Choices
from services.common.domain.errors import InvalidField, InvalidTransition
from services.common.domain.roles import in_region

CHINA = timezone(timedelta(hours=8))
SUBSCRIPTION_STATES = Choices([("opted_in", "已订阅"), ("opted_out", "已退订")])
# how the worker's wish was taken: at the station (signed), on the phone to the station, or
# by the worker on their own page
CHANNELS = Choices([("in_person", "本人到站办理"), ("phone_call", "本人来电"), ("self_service", "本人自助")])
MESSAGE_STATES = Choices([("queued", "待发送"), ("sending", "发送中"), ("sent", "已发送"), ("failed", "发送失败")])
HISTORY_ACTIONS = Choices([("opt_in", "订阅"), ("opt_out", "退订"), ("change_phone", "更换手机号")])
NOTICE_KINDS = Choices([("order_created", "新用工订单"), ("order_departing", "订单临近出发未招满"),
                        ("application_waiting", "报名待登记结果")])
CONSENT_TEXT = ("本人同意内乡县劳务输出平台向本人手机发送与本人求职条件相符的招聘信息短信,"
                "每天最多一条;可随时退订。")
CONSENT_VERSION = 1
# a code the worker keeps to open their own page (letters and digits that cannot be misread)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
SENDING_STUCK = timedelta(minutes=10)  # a claim older than this was lost with its sender
WAITING_DAYS = 30                      # an application unanswered this long needs the station
DEPARTING_DAYS = 7                     # an order this close to departure and not filled

SUBSCRIBE_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["person_id", "phone", "channel"],
    "properties": {"person_id": {"type": "string", "minLength": 1, "maxLength": 64},
                   "phone": {"type": "string", "minLength": 1, "maxLength": 20},
                   "channel": {"enum": ["in_person", "phone_call"],
                               "x-labels": {"in_person": "本人到站办理", "phone_call": "本人来电"}},
                   "consent": {"const": True}},
}
OPT_OUT_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["channel"],
    "properties": {"channel": {"enum": ["in_person", "phone_call"],
                               "x-labels": {"in_person": "本人到站办理", "phone_call": "本人来电"}},
                   "reason": {"type": "string", "maxLength": 200}},
}


@dataclass(frozen=True)
class SmsAnswer:
    """What a gateway said about one message: accepted or not, and its own words (an id or an
    error), kept on the message record."""
    ok: bool
    detail: str


class SmsGateway(Protocol):
    """The port: hand one text to one mobile number. `ref` is our message id (idempotency key
    for gateways that take one)."""
    name: str

    def send(self, phone: str, text: str, ref: str) -> SmsAnswer: ...


def mobile(raw: str | None) -> str:
    """A mainland mobile number in ASCII digits (full-width or other digit forms folded), or
    InvalidField naming `phone` (never echoing the value)."""
    digits = []
    for c in (raw or "").strip():
        d = unicodedata.decimal(c, None)
        if d is not None:
            digits.append(str(d))
        elif c in " -":
            continue
        else:
            raise InvalidField("手机号无效", {"phone": "须为 11 位手机号"})
    value = "".join(digits)
    if len(value) == 13 and value.startswith("86"):
        value = value[2:]
    if len(value) != 11 or value[0] != "1" or value[1] not in "3456789":
        raise InvalidField("手机号无效", {"phone": "须为 11 位手机号"})
    return value


def masked(phone: str | None) -> str:
    """The 3-digit carrier prefix only, as everywhere a phone is listed (docs/personal-data.md)."""
    return phone[:3] + "*" * (len(phone) - 3) if phone else ""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(raw: str | None) -> str | None:
    code = "".join(c for c in (raw or "").upper() if c.isalnum())
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def china_day(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(CHINA).date().isoformat()


def _entry(action: str, channel: str, actor: Actor, now: datetime, reason: str | None = None) -> dict:
    return {"action": action, "channel": channel, "at": now, "by": actor.audit(),
            "reason": (reason or "").strip() or None}


def subscribe(existing: dict | None, worker: dict, phone: str, channel: str, actor: Actor,
              now: datetime) -> dict:
    """Opt in (again): the phone the worker gave and their consent, with who took it and how.
    A worker already opted in may change the phone this way."""
    if channel not in CHANNELS:
        raise InvalidField("办理方式无效", {"channel": "无效"})
    phone = mobile(phone)
    consent = {"text": CONSENT_TEXT, "version": CONSENT_VERSION, "channel": channel, "at": now,
               "by": actor.audit()}
    if existing is None:
        return {"_id": worker["_id"], "person_id": worker["_id"], "township_code": worker.get("township_code"),
                "village_code": worker.get("village_code"), "phone": phone, "status": "opted_in",
                "code": new_code(), "consent": consent, "history": [_entry("opt_in", channel, actor, now)],
                "created_at": now, "updated_at": now, "version": 1}
    sub = dict(existing)
    action = "change_phone" if sub["status"] == "opted_in" else "opt_in"
    if action == "change_phone" and sub["phone"] == phone:
        raise InvalidTransition("已订阅,手机号未变", {"status": "已订阅"})
    sub.update(phone=phone, status="opted_in", consent=consent, updated_at=now,
               township_code=worker.get("township_code") or sub.get("township_code"),
               village_code=worker.get("village_code") or sub.get("village_code"),
               history=sub["history"] + [_entry(action, channel, actor, now)])
    return sub


def resubscribe(sub: dict, actor: Actor, now: datetime) -> dict:
    """The worker opts in again on their own page, to the phone they gave before."""
    if sub["status"] == "opted_in":
        raise InvalidTransition("已订阅", {"status": "已订阅"})
    consent = {"text": CONSENT_TEXT, "version": CONSENT_VERSION, "channel": "self_service", "at": now,
               "by": actor.audit()}
    return dict(sub, status="opted_in", consent=consent, updated_at=now,
                history=sub["history"] + [_entry("opt_in", "self_service", actor, now)])


def unsubscribe(sub: dict, channel: str, reason: str | None, actor: Actor, now: datetime) -> dict:
    """Opt out: by the worker on their page, or recorded by staff when the worker asked them."""
    if channel not in CHANNELS:
        raise InvalidField("办理方式无效", {"channel": "无效"})
    if sub["status"] == "opted_out":
        raise InvalidTransition("已退订", {"status": "已退订"})
    return dict(sub, status="opted_out", updated_at=now,
                history=sub["history"] + [_entry("opt_out", channel, actor, now, reason)])


def sms_text(posting: dict, page_url: str) -> str:
    """The message: the posting's public facts and where to stop them; no name, no ID."""
    wage = f"{posting['salary_min']}-{posting['salary_max']}元/月"
    return (f"【内乡县劳务办】为您推荐:{posting['title']},{posting.get('work_city') or ''} {wage},"
            f"备案号{posting.get('filing_number') or ''}。详询乡镇劳务站。退订或查看:{page_url}")


def message_id(person_id: str, day: str) -> str:
    """One message per worker per day: the day is part of the key (China's calendar day)."""
    return f"{person_id}:{day}"


def new_message(sub: dict, posting: dict, match_score: int, text: str, event_id: str, now: datetime) -> dict:
    day = china_day(now)
    return {"_id": message_id(sub["person_id"], day), "person_id": sub["person_id"], "day": day,
            "township_code": sub.get("township_code"), "village_code": sub.get("village_code"),
            "phone_masked": masked(sub["phone"]), "posting_id": posting["_id"], "title": posting["title"],
            "score": match_score, "text": text, "event_id": event_id, "status": "queued",
            "attempts": [], "created_at": now, "updated_at": now}


def sent(message: dict, answer: SmsAnswer, gateway: str, now: datetime) -> dict:
    attempt = {"at": now, "gateway": gateway, "ok": answer.ok, "answer": answer.detail[:500]}
    return dict(message, status="sent" if answer.ok else "failed", answer=attempt["answer"],
                gateway=gateway, updated_at=now, attempts=message["attempts"] + [attempt])


def not_sent(message: dict, why: str, now: datetime) -> dict:
    """Failed before reaching a gateway (opted out meanwhile, sender lost): never retried, so
    the day's one message is never sent twice."""
    return dict(message, status="failed", answer=why, updated_at=now,
                attempts=message["attempts"] + [{"at": now, "gateway": None, "ok": False, "answer": why}])


# ---- staff notices ---------------------------------------------------------------------
def new_notice(kind: str, subject_id: str, text: str, roles: tuple[str, ...], now: datetime,
               township_code: str | None = None, village_code: str | None = None,
               link: str | None = None) -> dict:
    """A notice for the users of `roles` in a region (None: county-wide); one per kind and
    subject, so a replayed event or a second daily run adds nothing."""
    return {"_id": f"{kind}:{subject_id}", "kind": kind, "subject_id": subject_id, "text": text,
            "roles": list(roles), "township_code": township_code, "village_code": village_code,
            "link": link, "created_at": now, "read_by": []}


def notice_for(notice: dict, actor: Actor) -> bool:
    if actor.role not in notice["roles"]:
        return False
    if notice.get("township_code") is None:
        return True
    if actor.role == "village_liaison" and notice.get("village_code") is None:
        return bool(actor.region_code) and actor.region_code[:9] == notice["township_code"]
    return in_region(actor, notice["township_code"], notice.get("village_code"))


def order_created_notice(order: dict, now: datetime) -> dict:
    text = (f"新用工订单:{order.get('employer_name') or ''} 招 {order['headcount']} 人,"
            f"出发日期 {order['departure_date']},请组织报名。")
    return new_notice("order_created", order["_id"], text, ("township_staff",), now,
                      link="/ui/jobs/orders")


def order_departing_notice(order: dict, now: datetime) -> dict:
    placed = order.get("placed", 0)
    text = (f"订单临近出发:{order.get('employer_name') or ''} 出发日期 {order['departure_date']},"
            f"已安置 {placed}/{order['headcount']} 人。")
    return new_notice("order_departing", order["_id"], text, ("county_admin",), now,
                      link="/ui/jobs/orders")


def application_waiting_notice(application: dict, now: datetime) -> dict:
    days = (now - application["created_at"]).days
    text = (f"报名已 {days} 天未登记结果(人员编号 {application['person_id']}),"
            f"满 60 天将自动关闭,请跟进。")
    return new_notice("application_waiting", application["_id"], text,
                      ("township_staff", "village_liaison"), now,
                      township_code=application["township_code"], village_code=application.get("village_code"),
                      link="/ui/jobs/applications?status=applied")
