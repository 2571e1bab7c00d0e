"""Use cases on employers, their vetting visits, liaison stations and output bases."""
from datetime import date, datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed, NotFound
from services.common.events.envelope import new_event

from .. import events  # noqa: F401  (registers the jobs service's event contracts)
from ..domain.base import base_event_data, end_base, new_base
from ..domain.employer import new_employer, new_station, new_visit
from ..domain.roles import KEEPERS, READERS, REVIEWERS


def _now(now):
    return now or datetime.now(timezone.utc)


def _must(actor: Actor, roles, what: str) -> None:
    if actor.role not in roles:
        raise NotAllowed(f"角色“{actor.role}”无权{what}")


def _found(doc, what: str, field: str = "id"):
    if doc is None:
        raise NotFound(f"{what}不存在", {field: "不存在"})
    return doc


def register_employer(uow, body: dict, actor: Actor, now: datetime | None = None) -> dict:
    _must(actor, KEEPERS, "登记用工单位")
    employer = new_employer(body, actor, _now(now))
    with uow:
        uow.employers.add(employer)
        uow.commit()
    return employer


def get_employer(uow, employer_id: str, actor: Actor) -> dict:
    _must(actor, READERS, "查看用工单位")
    with uow:
        return _found(uow.employers.get(employer_id), "用工单位")


def list_employers(uow, actor: Actor, filters: dict, page: int, size: int):
    _must(actor, READERS, "查看用工单位")
    with uow:
        return uow.employers.page(filters, (page - 1) * size, size)


def record_visit(uow, employer_id: str, body: dict, actor: Actor, now: datetime | None = None) -> dict:
    """A liaison station's vetting visit (实地考察) of an employer, with its findings."""
    _must(actor, KEEPERS, "登记考察记录")
    with uow:
        _found(uow.employers.get(employer_id), "用工单位")
        station = _found(uow.stations.get(body["station_id"]), "联络站", "station_id")
        visit = new_visit(body, station, actor, _now(now))
        uow.employers.add_visit(employer_id, visit)
        uow.stations.vetted(station["_id"], employer_id)
        uow.commit()
    return visit


def register_station(uow, body: dict, actor: Actor, now: datetime | None = None) -> dict:
    _must(actor, REVIEWERS, "登记联络站")
    station = new_station(body, actor, _now(now))
    with uow:
        uow.stations.add(station)
        uow.commit()
    return station


def list_stations(uow, actor: Actor) -> list[dict]:
    _must(actor, READERS, "查看联络站")
    with uow:
        return uow.stations.all()


def establish_base(uow, body: dict, actor: Actor, correlation_id: str | None = None,
                   now: datetime | None = None) -> dict:
    _must(actor, REVIEWERS, "建立输出基地")
    now = _now(now)
    with uow:
        employer = _found(uow.employers.get(body["employer_id"]), "用工单位", "employer_id")
        if body.get("station_id"):
            _found(uow.stations.get(body["station_id"]), "联络站", "station_id")
        base = new_base(body, employer, actor, now)
        uow.bases.add(base)
        uow.publish(new_event("base.established", "jobs", base["_id"],
                              base_event_data(base, base["agreement_from"]), actor.audit(), correlation_id))
        uow.commit()
    return base


def end_output_base(uow, base_id: str, reason: str, on: date | None, actor: Actor,
                    correlation_id: str | None = None, now: datetime | None = None) -> dict:
    _must(actor, REVIEWERS, "终止输出基地")
    now = _now(now)
    on = on or now.date()
    with uow:
        base = _found(uow.bases.get(base_id), "输出基地")
        version = base["version"]
        end_base(base, reason, on, actor, now)
        uow.bases.save(base, version)
        uow.publish(new_event("base.ended", "jobs", base_id, base_event_data(base, on.isoformat()),
                              actor.audit(), correlation_id))
        uow.commit()
    return base


def list_bases(uow, actor: Actor, filters: dict, page: int, size: int):
    _must(actor, READERS, "查看输出基地")
    with uow:
        return uow.bases.page(filters, (page - 1) * size, size)
