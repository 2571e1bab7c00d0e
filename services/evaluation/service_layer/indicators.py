"""Use cases on indicators: apply another service's event; read a year."""
from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed

from ..domain.indicators import INDICATORS, registration_increment

READERS = ("county_admin", "leader", "township_staff")


def on_person_registered(uow, event: dict) -> None:
    year, township, deltas = registration_increment(event)
    with uow:
        uow.indicators.increment(year, township, deltas)
        uow.commit()


def indicators_for_year(uow, actor: Actor, year: int) -> dict:
    if actor.role not in READERS:
        raise NotAllowed("无权查看指标")
    with uow:
        rows = uow.indicators.for_year_visible_to(actor, year)
    totals = {name: sum(r[name] for r in rows) for name in INDICATORS}
    return {"year": year, "townships": rows, "totals": totals}
