"""Use cases on employers, their vetting visits, liaison stations and output bases."""
from datetime import date, datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed, NotFound
from services.common.events.envelope import new_event

from .. import events  # noqa: F401  (registers the jobs service's event contracts)
from ..domain.base import base_event_data, end_base, new_base
from ..domain.employer import contacts_for, new_employer, new_station, new_visit
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


def _as_read_by(employer: dict, actor: Actor) -> dict:
    employer["contacts"] = contacts_for(actor.role, employer.get("contacts") or [])
    return employer


def get_employer(uow, employer_id: str, actor: Actor) -> dict:
    _must(actor, READERS, "查看用工单位")
    with uow:
        return _as_read_by(_found(uow.employers.get(employer_id), "用工单位"), actor)


def list_employers(uow, actor: Actor, filters: dict, page: int, size: int):
    _must(actor, READERS, "查看用工单位")
    with uow:
        items, total = uow.employers.page(filters, (page - 1) * size, size)
    return [_as_read_by(e, actor) for e in items], total


FILE_ROWS = 100  # an employer's bases, postings and orders shown on its page, newest first


def employer_file(uow, employer_id: str, actor: Actor) -> dict:
    """An employer's page: the record (contacts as the actor may read them, vetting visits),
    its output bases, postings and orders."""
    _must(actor, READERS, "查看用工单位")
    with uow:
        employer = _as_read_by(_found(uow.employers.get(employer_id), "用工单位"), actor)
        bases, _ = uow.bases.page({"employer_id": employer_id}, 0, FILE_ROWS)
        postings, _ = uow.postings.page({"employer_id": employer_id}, 0, FILE_ROWS)
        orders, _ = uow.orders.page({"employer_id": employer_id}, 0, FILE_ROWS)
    return {"employer": employer, "bases": bases, "postings": postings, "orders": orders}


def employer_choices(uow, actor: Actor) -> list[tuple[str, str]]:
    """(id, name) of the employers, by name, for a form's select."""
    _must(actor, READERS, "查看用工单位")
    with uow:
        return uow.employers.choices()


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
    """The stations, their staff as the actor may read them, and the employers each has vetted
    (`vetted`: id and name)."""
    _must(actor, READERS, "查看联络站")
    with uow:
        stations = uow.stations.all()
        names = uow.employers.names({i for s in stations for i in s.get("employer_ids") or []})
    for s in stations:
        s["staff"] = contacts_for(actor.role, s.get("staff") or [])
        s["vetted"] = [{"id": i, "name": names[i]} for i in s.get("employer_ids") or [] if i in names]
    return stations


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
    """Bases with their quota use: `placed`, the workers placed through the base's orders, and
    `orders`, how many orders it has."""
    _must(actor, READERS, "查看输出基地")
    with uow:
        items, total = uow.bases.page(filters, (page - 1) * size, size)
        use = uow.orders.use_by_base([b["_id"] for b in items])
    for b in items:
        b["placed"], b["orders"] = use.get(b["_id"], (0, 0))
    return items, total
