"""Use cases on notifications: SMS subscriptions (opt in with the worker's phone and consent,
opt out by the worker or recorded by staff), queueing the day's message for matching workers
when a posting is published (a consumer of the jobs' own posting.published), sending queued
messages through the gateway port, and staff notices (orders and applications that need
someone)."""
from datetime import date, datetime, timedelta, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, NotFound, OutOfRegion
from services.common.domain.roles import in_region

from ..domain import notifications as rules
from ..domain.matching import LOOKING, prepare, score_prepared
from ..domain.posting import findable
from ..domain.roles import MATCHERS

DEFAULT_THRESHOLD = 70


def _now(now):
    return now or datetime.now(timezone.utc)


def _must(actor: Actor, what: str) -> None:
    if actor.role not in MATCHERS:
        raise NotAllowed(f"角色“{actor.role}”无权{what}")


def self_actor(sub: dict) -> Actor:
    """The worker acting on their own page (no login: the code on their slip is the key)."""
    return Actor(id=f"person:{sub['person_id']}", username="本人", role="worker")


# ---- subscriptions ---------------------------------------------------------------------
def subscribe(uow, body: dict, actor: Actor, now: datetime | None = None) -> dict:
    """Staff record the worker's opt-in with the phone the worker gave and their consent."""
    _must(actor, "办理短信订阅")
    now = _now(now)
    if body.get("consent") is not True:
        raise InvalidField("须本人同意接收短信", {"consent": "须勾选本人已同意"})
    with uow:
        worker = uow.workers.get(body["person_id"])
        if worker is None:
            raise NotFound("未找到该劳动力的求职档案", {"person_id": "不存在或尚未同步"})
        if not in_region(actor, worker.get("township_code"), worker.get("village_code")):
            raise OutOfRegion("只能为本辖区的人员办理")
        existing = uow.subscriptions.get(worker["_id"])
        sub = rules.subscribe(existing, worker, body["phone"], body["channel"], actor, now)
        if existing is None:
            uow.subscriptions.add(sub)
        else:
            uow.subscriptions.save(sub, existing["version"])
        uow.commit()
    return sub


def _scoped_sub(uow, person_id: str, actor: Actor) -> dict:
    sub = uow.subscriptions.get(person_id)
    if sub is None:
        raise NotFound("该劳动力未订阅短信", {"person_id": "未订阅"})
    if not in_region(actor, sub.get("township_code"), sub.get("village_code")):
        raise OutOfRegion("无权处理其他辖区的人员")
    return sub


def staff_opt_out(uow, person_id: str, channel: str, reason: str | None, actor: Actor,
                  now: datetime | None = None) -> dict:
    """A worker asked the station (in person or by phone) to stop the messages."""
    _must(actor, "办理短信退订")
    now = _now(now)
    with uow:
        existing = _scoped_sub(uow, person_id, actor)
        sub = rules.unsubscribe(existing, channel, reason, actor, now)
        uow.subscriptions.save(sub, existing["version"])
        uow.commit()
    return sub


def own_subscription(uow, code: str) -> dict:
    """The worker's own page, by the code on their slip (and in every message)."""
    with uow:
        sub = uow.subscriptions.by_code(code)
        if sub is None:
            raise NotFound("订阅码不正确", {"code": "不存在"})
        messages = uow.sms.of_person(sub["person_id"], 10)
    return {"subscription": sub, "messages": messages}


def own_choice(uow, code: str, action: str, reason: str | None = None, now: datetime | None = None) -> dict:
    """The worker opts out, or in again (to the phone given before), on their own page."""
    now = _now(now)
    with uow:
        existing = uow.subscriptions.by_code(code)
        if existing is None:
            raise NotFound("订阅码不正确", {"code": "不存在"})
        actor = self_actor(existing)
        if action == "opt_out":
            sub = rules.unsubscribe(existing, "self_service", reason, actor, now)
        else:
            sub = rules.resubscribe(existing, actor, now)
        uow.subscriptions.save(sub, existing["version"])
        uow.commit()
    return sub


def list_subscriptions(uow, actor: Actor, filters: dict, page: int, size: int):
    _must(actor, "查看短信订阅")
    with uow:
        return uow.subscriptions.page_visible_to(actor, filters, (page - 1) * size, size)


def list_messages(uow, actor: Actor, filters: dict, page: int, size: int):
    _must(actor, "查看短信发送记录")
    with uow:
        return uow.sms.page_visible_to(actor, filters, (page - 1) * size, size)


# ---- posting published -> the day's message for matching workers ---------------------------
def on_posting_published(uow, event: dict, threshold: int, page_url, now: datetime | None = None) -> list[str]:
    """Queue one message to each opted-in worker who may be looking and whose match with the
    posting scores at least `threshold`, unless the worker already has today's message or was
    already told of this posting. Runs in the consumer's transaction: a redelivered event is
    skipped by its processed record, and the day key stops a second message in any case.
    `page_url(code)`: the worker's own page, put in the message."""
    now = _now(now)
    queued = []
    with uow:
        posting = uow.postings.get(event["data"]["posting_id"])
        if posting is None or not findable(posting, rules_today(now)):
            uow.commit()
            return queued  # withdrawn or expired since: nobody is told
        subs = uow.subscriptions.opted_in()
        workers = uow.workers.many([s["person_id"] for s in subs])
        told = uow.sms.told_of(posting["_id"])
        today = rules_today(now)
        for sub in subs:
            worker = workers.get(sub["person_id"])
            if worker is None or worker.get("status") not in LOOKING or sub["person_id"] in told:
                continue
            m = score_prepared(prepare(worker, today), posting)
            if m.excluded or m.score < threshold:
                continue
            text = rules.sms_text(posting, page_url(sub["code"]))
            # the message is filed under the worker's region now (the profile follows the register)
            here = dict(sub, township_code=worker.get("township_code"), village_code=worker.get("village_code"))
            if uow.sms.queue(rules.new_message(here, posting, m.score, text, event["id"], now)):
                queued.append(sub["person_id"])
        uow.commit()
    return queued


def rules_today(now: datetime) -> date:
    return date.fromisoformat(rules.china_day(now))


def send_queued(new_uow, gateway, now=None, limit: int = 100) -> dict:
    """Hand queued messages to the gateway, each at most once: claimed (queued -> sending) in
    its own transaction first, then sent, then its outcome (sent/failed and the gateway's
    answer) recorded. A worker who opted out meanwhile is not sent to. A claim left over by a
    sender that died is closed as failed (the gateway may or may not have sent it: never
    again the same day). `now()` gives the time (tests pass a fixed clock)."""
    clock = now or (lambda: datetime.now(timezone.utc))
    counts = {"sent": 0, "failed": 0}
    with new_uow() as uow:
        for m in uow.sms.stuck(clock() - rules.SENDING_STUCK):
            uow.sms.finish(rules.not_sent(m, "发送中断,结果未知,不再重发", clock()))
            counts["failed"] += 1
        due = uow.sms.due(limit)
        uow.commit()
    for message in due:
        with new_uow() as uow:
            if not uow.sms.claim(message["_id"], clock()):
                continue  # another sender has it
            sub = uow.subscriptions.get(message["person_id"])
            uow.commit()
        if sub is None or sub["status"] != "opted_in":
            outcome = rules.not_sent(message, "本人已退订,未发送", clock())
        else:
            try:
                answer = gateway.send(sub["phone"], message["text"], message["_id"])
            except Exception as e:  # noqa: BLE001 - an adapter's fault is this message's failure
                answer = rules.SmsAnswer(False, f"网关异常:{type(e).__name__}")
            outcome = rules.sent(message, answer, gateway.name, clock())
        with new_uow() as uow:
            uow.sms.finish(outcome)
            uow.commit()
        counts["sent" if outcome["status"] == "sent" else "failed"] += 1
    return counts


# ---- staff notices ------------------------------------------------------------------------
def on_order_created(uow, event: dict, now: datetime | None = None) -> bool:
    """A new order: the township stations are asked to find workers for it."""
    with uow:
        order = uow.orders.get(event["data"]["order_id"])
        added = bool(order) and uow.notices.add_once(rules.order_created_notice(order, _now(now)))
        uow.commit()
    return added


def remind_staff(uow, now: datetime | None = None) -> int:
    """Daily: applications unanswered WAITING_DAYS (the station must record an outcome before
    the automatic close at 60), orders departing within DEPARTING_DAYS and not filled."""
    now = _now(now)
    added = 0
    with uow:
        for a in uow.applications.stale(now - timedelta(days=rules.WAITING_DAYS)):
            added += uow.notices.add_once(rules.application_waiting_notice(a, now))
        until = (rules_today(now) + timedelta(days=rules.DEPARTING_DAYS)).isoformat()
        orders, _ = uow.orders.page({"status": {"$in": ["open", "recruiting"]}}, 0, 1000)
        for o in orders:
            if o["departure_date"] <= until:
                added += uow.notices.add_once(rules.order_departing_notice(o, now))
        uow.commit()
    return added


def notices(uow, actor: Actor, unread: bool, page: int, size: int):
    _must(actor, "查看待办提醒")
    with uow:
        return uow.notices.page_for(actor, unread, (page - 1) * size, size)


def mark_read(uow, notice_id: str, actor: Actor) -> None:
    _must(actor, "处理待办提醒")
    with uow:
        notice = uow.notices.get(notice_id)
        if notice is None or not rules.notice_for(notice, actor):
            raise NotFound("提醒不存在", {"id": "不存在"})
        uow.notices.mark_read(notice_id, actor.id)
        uow.commit()
