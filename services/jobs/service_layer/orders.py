"""Use cases on recruitment orders: create (order.created), record recruiting and training
progress, close; a placement through an order fills it (order.filled, in placements.py)."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed, NotFound
from services.common.events.envelope import new_event

from .. import events  # noqa: F401  (registers the jobs service's event contracts)
from ..domain import order as rules
from ..domain.roles import KEEPERS, READERS, REVIEWERS


def _must(actor: Actor, roles, what: str) -> None:
    if actor.role not in roles:
        raise NotAllowed(f"角色“{actor.role}”无权{what}")


def _order(uow, order_id: str) -> dict:
    order = uow.orders.get(order_id)
    if order is None:
        raise NotFound("订单不存在", {"id": "不存在"})
    return order


def create_order(uow, body: dict, actor: Actor, correlation_id: str | None = None,
                 now: datetime | None = None) -> dict:
    _must(actor, REVIEWERS, "登记订单")
    now = now or datetime.now(timezone.utc)
    with uow:
        employer = uow.employers.get(body["employer_id"])
        if employer is None:
            raise NotFound("用工单位不存在", {"employer_id": "不存在"})
        base = uow.bases.get(body["base_id"]) if body.get("base_id") else None
        if body.get("base_id") and base is None:
            raise NotFound("输出基地不存在", {"base_id": "不存在"})
        order = rules.new_order(body, employer, actor, now, base)
        uow.orders.add(order)
        uow.publish(new_event("order.created", "jobs", order["_id"], rules.order_event_data(order, now),
                              actor.audit(), correlation_id))
        uow.commit()
    return order


def get_order(uow, order_id: str, actor: Actor) -> dict:
    _must(actor, READERS, "查看订单")
    with uow:
        return _order(uow, order_id)


def list_orders(uow, actor: Actor, filters: dict, page: int, size: int):
    _must(actor, READERS, "查看订单")
    with uow:
        return uow.orders.page(filters, (page - 1) * size, size)


def record_progress(uow, order_id: str, recruited: int, trained: int, actor: Actor,
                    now: datetime | None = None) -> dict:
    _must(actor, KEEPERS, "登记订单进度")
    now = now or datetime.now(timezone.utc)
    with uow:
        order = _order(uow, order_id)
        version = order["version"]
        rules.record_progress(order, recruited, trained, actor, now)
        uow.orders.save(order, version)
        uow.commit()
    return order


def close_order(uow, order_id: str, reason: str, actor: Actor, now: datetime | None = None) -> dict:
    _must(actor, REVIEWERS, "关闭订单")
    now = now or datetime.now(timezone.utc)
    with uow:
        order = _order(uow, order_id)
        version = order["version"]
        rules.close(order, reason, actor, now)
        uow.orders.save(order, version)
        uow.commit()
    return order
