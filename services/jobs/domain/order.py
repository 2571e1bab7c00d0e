"""Recruitment orders (订单式输出): an employer's order for N workers, with training before
departure. open -> recruiting -> filled (placed reaches the headcount); any -> closed."""
from datetime import datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, RuleBroken
from services.common.domain.workflow import Workflow

from .common import DATE_SCHEMA, new_id, parse_date

ORDER_FLOW = Workflow(
    name="order",
    transitions={("open", "recruit"): "recruiting", ("recruiting", "recruit"): "recruiting",
                 ("open", "fill"): "filled", ("recruiting", "fill"): "filled",
                 ("open", "close"): "closed", ("recruiting", "close"): "closed", ("filled", "close"): "closed"},
    state_labels={"open": "待招收", "recruiting": "招收中", "filled": "已满员", "closed": "已关闭"},
    action_labels={"recruit": "登记招收进度", "fill": "满员", "close": "关闭"},
)

ORDER_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["employer_id", "positions", "departure_date"],
    "properties": {
        "employer_id": {"type": "string", "minLength": 1, "maxLength": 64},
        "base_id": {"type": "string", "maxLength": 64},
        "positions": {"type": "array", "minItems": 1, "maxItems": 20, "items": {
            "type": "object", "additionalProperties": False, "required": ["title", "headcount"],
            "properties": {"title": {"type": "string", "minLength": 2, "maxLength": 60},
                           "headcount": {"type": "integer", "minimum": 1, "maximum": 10000}}}},
        "required_training": {"type": "string", "maxLength": 200},
        "departure_date": DATE_SCHEMA,
        "notes": {"type": "string", "maxLength": 2000},
    },
}
PROGRESS_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["recruited", "trained"],
    "properties": {"recruited": {"type": "integer", "minimum": 0, "maximum": 100000},
                   "trained": {"type": "integer", "minimum": 0, "maximum": 100000}},
}


def new_order(body: dict, employer: dict, actor: Actor, now: datetime, base: dict | None = None) -> dict:
    """An order, through `base` when the body names one: that base must be this employer's and
    still in force."""
    if parse_date(body["departure_date"], "departure_date") < now.date():
        raise InvalidField("出发日期不能早于今天", {"departure_date": "已过去"})
    if base is not None and base["employer_id"] != employer["_id"]:
        raise InvalidField("输出基地与用工单位不符", {"base_id": "不是该用工单位的输出基地"})
    if base is not None and base["status"] != "established":
        raise RuleBroken("该输出基地协议已终止", {"base_id": "已终止"})
    headcount = sum(p["headcount"] for p in body["positions"])
    extra = {"base_name": base["name"]} if base is not None else {}
    return dict(body, **extra, _id=new_id(), employer_name=employer["name"], headcount=headcount, status="open",
                recruited=0, trained=0, placed=0,
                log=[{"action": "create", "from": None, "to": "open", "at": now, "by": actor.audit(),
                      "reason": None}],
                created_at=now, created_by=actor.audit(), version=1)


def record_progress(order: dict, recruited: int, trained: int, actor: Actor, now: datetime) -> dict:
    problems = {}
    if recruited < order["recruited"]:
        problems["recruited"] = f"不能少于已登记的 {order['recruited']} 人"
    if trained > recruited:
        problems["trained"] = "培训人数不能多于招收人数"
    if trained < order["trained"]:
        problems["trained"] = f"不能少于已登记的 {order['trained']} 人"
    if problems:
        raise InvalidField("招收进度不符合要求", problems)
    to, entry = ORDER_FLOW.apply(order["status"], "recruit", actor, now,
                                 f"招收 {recruited} 人,培训 {trained} 人")
    order.update(status=to, recruited=recruited, trained=trained)
    order["log"].append(entry)
    return order


def placed_one(order: dict, actor: Actor, now: datetime) -> bool:
    """A worker placed through the order; True when this placement filled it."""
    order["placed"] += 1
    if order["placed"] >= order["headcount"] and order["status"] in ("open", "recruiting"):
        to, entry = ORDER_FLOW.apply(order["status"], "fill", actor, now, f"已安置 {order['placed']} 人")
        order["status"] = to
        order["log"].append(entry)
        return True
    return False


def close(order: dict, reason: str, actor: Actor, now: datetime) -> dict:
    if not (reason or "").strip():
        raise InvalidField("须填写原因", {"reason": "关闭订单须说明原因"})
    to, entry = ORDER_FLOW.apply(order["status"], "close", actor, now, reason.strip())
    order["status"] = to
    order["log"].append(entry)
    return order


def order_event_data(order: dict, at: datetime) -> dict:
    return {"order_id": order["_id"], "employer_id": order["employer_id"], "headcount": order["headcount"],
            "departure_date": order["departure_date"], "placed": order["placed"], "at": at.isoformat()}
