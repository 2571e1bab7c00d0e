"""Use cases on applications (with outcomes), placements (placement.made) and follow-ups
(placement.wage_unpaid when wages were not paid). All about people: region-scoped."""
from datetime import datetime, timedelta, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed, NotFound, OutOfRegion, RuleBroken
from services.common.domain.roles import in_region
from services.common.events.envelope import new_event

from .. import events  # noqa: F401  (registers the jobs service's event contracts)
from ..domain import order as order_rules
from ..domain import placement as rules
from ..domain.roles import MATCHERS
from .matching import place_in_list
from .postings import SYSTEM


def _now(now):
    return now or datetime.now(timezone.utc)


def _must(actor: Actor, what: str) -> None:
    if actor.role not in MATCHERS:
        raise NotAllowed(f"角色“{actor.role}”无权{what}")


def _worker(uow, person_id: str, actor: Actor) -> dict:
    worker = uow.workers.get(person_id)
    if worker is None:
        raise NotFound("未找到该劳动力的求职档案", {"person_id": "不存在或尚未同步"})
    if not in_region(actor, worker.get("township_code"), worker.get("village_code")):
        raise OutOfRegion("只能为本辖区的人员登记")
    return worker


def _source(uow, body: dict) -> dict:
    if body.get("posting_id"):
        posting = uow.postings.get(body["posting_id"])
        if posting is None:
            raise NotFound("招聘信息不存在", {"posting_id": "不存在"})
        if posting["status"] not in ("published", "expired"):
            raise RuleBroken("只能通过已发布的招聘信息登记", {"posting_id": "未发布"})
        return posting
    order = uow.orders.get(body["order_id"])
    if order is None:
        raise NotFound("订单不存在", {"order_id": "不存在"})
    if order["status"] == "closed":
        raise RuleBroken("订单已关闭", {"order_id": "已关闭"})
    return order


def record_application(uow, body: dict, actor: Actor, now: datetime | None = None) -> dict:
    _must(actor, "登记报名")
    rules.one_of(body)
    now = _now(now)
    with uow:
        worker = _worker(uow, body["person_id"], actor)
        _source(uow, body)
        application = rules.new_application(body, worker, actor, now)
        if body.get("posting_id"):  # the posting's place in the worker's match list, for match quality
            application.update(place_in_list(uow, worker, body["posting_id"], now.date()))
        uow.applications.add(application)
        uow.commit()
    return application


def record_outcome(uow, application_id: str, outcome: str, reason: str | None, actor: Actor,
                   now: datetime | None = None) -> dict:
    _must(actor, "登记报名结果")
    with uow:
        application = uow.applications.get(application_id)
        if application is None:
            raise NotFound("报名记录不存在", {"id": "不存在"})
        if not in_region(actor, application["township_code"], application.get("village_code")):
            raise OutOfRegion("无权处理其他辖区的报名")
        version = application["version"]
        rules.decide(application, outcome, reason, actor, _now(now))
        uow.applications.save(application, version)
        uow.commit()
    return application


def close_stale_applications(uow, now: datetime | None = None) -> list[str]:
    """Applications left unanswered 60 days are closed with that reason."""
    now = _now(now)
    with uow:
        due = uow.applications.stale(now - timedelta(days=rules.STALE_DAYS))
        for a in due:
            version = a["version"]
            rules.decide(a, "no_answer", None, SYSTEM, now)
            uow.applications.save(a, version)
        uow.commit()
    return [a["_id"] for a in due]


def list_applications(uow, actor: Actor, filters: dict, page: int, size: int):
    """The actor's region's applications, newest first, each with `target`: what it is for
    (the posting's title or the order's positions, and the employer)."""
    _must(actor, "查看报名")
    with uow:
        items, total = uow.applications.page_visible_to(actor, filters, (page - 1) * size, size)
        targets = _targets(uow, items)
    for a in items:
        a["target"] = targets.get(a.get("posting_id") or a.get("order_id"))
    return items, total


def _targets(uow, applications: list[dict]) -> dict:
    out = {}
    for pid in {a["posting_id"] for a in applications if a.get("posting_id")}:
        p = uow.postings.get(pid)
        if p:
            out[pid] = {"kind": "posting", "title": p["title"], "employer_name": p["employer_name"]}
    for oid in {a["order_id"] for a in applications if a.get("order_id")}:
        o = uow.orders.get(oid)
        if o:
            out[oid] = {"kind": "order", "title": rules.order_title(o), "employer_name": o["employer_name"]}
    return out


LIVE_ORDERS = ("open", "recruiting")


def application_targets(uow, actor: Actor, today) -> dict:
    """What a worker may apply for now: open postings and live orders, as (id, label) pairs."""
    _must(actor, "登记报名")
    with uow:
        postings = uow.postings.open_on(today.isoformat(), {"title": 1, "employer_name": 1})
        orders, _ = uow.orders.page({"status": {"$in": list(LIVE_ORDERS)}}, 0, 200)
    return {"postings": [(p["_id"], f"{p['title']}({p['employer_name']})") for p in postings],
            "orders": [(o["_id"], f"{o['employer_name']}:{rules.order_title(o)},{o['departure_date']} 出发")
                       for o in orders]}


def _application_placed(uow, body: dict, actor: Actor) -> dict | None:
    """The application a placement follows, if the body names one: it must be this person's
    hired application for the same posting or order, not placed yet."""
    if not body.get("application_id"):
        return None
    application = uow.applications.get(body["application_id"])
    if application is None:
        raise NotFound("报名记录不存在", {"application_id": "不存在"})
    if not in_region(actor, application["township_code"], application.get("village_code")):
        raise OutOfRegion("无权处理其他辖区的报名")
    rules.check_placeable(application, body)
    return application


def get_application(uow, application_id: str, actor: Actor) -> dict:
    """One application of the actor's region, with its `target` (see list_applications)."""
    _must(actor, "查看报名")
    with uow:
        application = uow.applications.get(application_id)
        if application is None:
            raise NotFound("报名记录不存在", {"id": "不存在"})
        if not in_region(actor, application["township_code"], application.get("village_code")):
            raise OutOfRegion("无权查看其他辖区的报名")
        key = application.get("posting_id") or application.get("order_id")
        application["target"] = _targets(uow, [application]).get(key)
    return application


def place(uow, body: dict, actor: Actor, correlation_id: str | None = None,
          now: datetime | None = None) -> dict:
    """安置到岗: the placement, its four follow-up tasks, placement.made, and (through an
    order) the order's count, filling it when it reaches the headcount."""
    _must(actor, "登记安置")
    rules.one_of(body)
    now = _now(now)
    with uow:
        worker = _worker(uow, body["person_id"], actor)
        source = _source(uow, body)
        application = _application_placed(uow, body, actor)
        employer = uow.employers.get(source["employer_id"])
        placement = rules.new_placement(body, worker, employer, source, actor, now)
        uow.placements.add(placement)
        if application:
            version = application["version"]
            application["placement_id"] = placement["_id"]
            uow.applications.save(application, version)
        uow.follow_ups.add_many(rules.follow_ups(placement))
        uow.publish(new_event("placement.made", "jobs", placement["_id"],
                              rules.placement_event_data(placement, now), actor.audit(), correlation_id))
        if body.get("order_id"):
            version = source["version"]
            filled = order_rules.placed_one(source, actor, now)
            uow.orders.save(source, version)
            if filled:
                uow.publish(new_event("order.filled", "jobs", source["_id"],
                                      order_rules.order_event_data(source, now), actor.audit(), correlation_id))
        uow.commit()
    return placement


def list_placements(uow, actor: Actor, page: int, size: int):
    _must(actor, "查看安置记录")
    with uow:
        return uow.placements.page_visible_to(actor, {}, (page - 1) * size, size)


def follow_up_tasks(uow, actor: Actor, status: str | None, page: int, size: int):
    """The township station's list of follow-ups (回访任务), soonest due first."""
    _must(actor, "查看回访任务")
    with uow:
        return uow.follow_ups.page_visible_to(actor, {"status": status} if status else {},
                                              (page - 1) * size, size)


def record_follow_up(uow, task_id: str, body: dict, actor: Actor, correlation_id: str | None = None,
                     now: datetime | None = None) -> dict:
    _must(actor, "登记回访")
    now = _now(now)
    with uow:
        task = uow.follow_ups.get(task_id)
        if task is None:
            raise NotFound("回访任务不存在", {"id": "不存在"})
        if not in_region(actor, task["township_code"], task.get("village_code")):
            raise OutOfRegion("无权登记其他辖区的回访")
        rules.record_follow_up(task, body, actor, now)
        uow.follow_ups.replace(task)
        if not body["wage_paid_on_time"]:
            # rights opens a complaint draft from this event (no name, ID number or phone in it)
            placement = uow.placements.get(task["placement_id"])
            uow.publish(new_event("placement.wage_unpaid", "jobs", placement["_id"],
                                  rules.wage_unpaid_event_data(task, placement, now), actor.audit(),
                                  correlation_id))
        uow.commit()
    return task
