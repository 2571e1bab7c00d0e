"""How licensing records leave the service: ids as `id`, instants as ISO strings, and the
personal-data masks applied for the caller's role."""
from datetime import date, datetime

from flask import current_app

from services.common.domain.actor import Actor

from ..domain import agency as agency_rules
from ..domain import enforcement


def lic():
    """The service's composition root, set by app.py."""
    return current_app.extensions["licensing"]


def plain(value):
    if isinstance(value, dict):
        return {("id" if k == "_id" else k): plain(v) for k, v in value.items()
                if k not in ("suspect_key",)}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def agency_out(agency: dict, actor: Actor) -> dict:
    return plain(agency_rules.agency_view(agency, actor))


def tip_out(tip: dict | None, actor: Actor) -> dict | None:
    return plain(enforcement.tip_view(tip, actor)) if tip else None


def case_out(case: dict, actor: Actor) -> dict:
    out = plain({k: v for k, v in case.items() if k != "tips"})
    if "tips" in case:
        out["tips"] = [tip_out(t, actor) for t in case["tips"] if t]
    return out


def page_of(items, total, page, size, shape) -> dict:
    return {"items": [shape(i) for i in items], "total": total, "page": page, "page_size": size}
