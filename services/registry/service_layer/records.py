"""Use cases on what happens to a person over time: status changes, training, migration,
annual income, and the jobs service's placements (the person becomes a migrant worker)."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import NotFound
from services.common.uow import retried

from ..domain import event_data
from ..domain.person import check_keeper, change_entry
from ..domain.records import (STATUS_FLOW, employment_of, new_income, new_migration,
                              new_training)
from .persons import _event, _visible

SYSTEM = Actor(id="jobs-placement", username="jobs", role="system")


def _now(now):
    return now or datetime.now(timezone.utc)


def _move(uow, person: dict, to_status: str, actor: Actor, now: datetime, reason: str | None,
          organized, correlation_id) -> None:
    """Status change with its workflow log entry and event (no commit)."""
    before = person["status"]
    person["status"], entry = STATUS_FLOW.apply(before, to_status, actor, now, reason)
    person.setdefault("status_log", []).append(entry)
    uow.persons.log_change(person["_id"], change_entry({"status": before}, {"status": to_status},
                                                       set(), actor, now, "status_changed"))
    uow.publish(_event("person.status_changed", person,
                       event_data.status_changed(person, before, organized, now), actor,
                       correlation_id))


@retried
def change_status(uow, person_id: str, body: dict, actor: Actor, correlation_id=None,
                  now: datetime | None = None) -> dict:
    """surplus / migrant / returned / entrepreneur; a move to migrant records the job too."""
    now = _now(now)
    with uow:
        person = _visible(uow, person_id, actor)
        check_keeper(actor, person)
        version = body["version"]
        organized = None
        if body["to_status"] == "migrant" and body.get("employer"):
            m = new_migration({"employer": body["employer"], "city": body.get("city") or "未填",
                               "destination": body.get("destination") or "other",
                               "start_date": body.get("start_date") or now.date().isoformat(),
                               "monthly_income": body.get("monthly_income"),
                               "organization": body.get("organization") or "self"}, actor, now)
            person.setdefault("migrations", []).append(m)
            person["employment"] = employment_of(m)
            organized = m["organized"]
            uow.publish(_event("migration.recorded", person,
                               event_data.migration_recorded(person, m), actor, correlation_id))
        elif body["to_status"] != "migrant":
            person.pop("employment", None)
        _move(uow, person, body["to_status"], actor, now, body.get("reason"), organized, correlation_id)
        person.update(updated_at=now, updated_by=actor.audit(), confirmed_at=now)
        uow.persons.save(person, version)
        uow.commit()
    return person


@retried
def add_training(uow, person_id: str, body: dict, actor: Actor, correlation_id=None,
                 now: datetime | None = None) -> dict:
    now = _now(now)
    with uow:
        person = _visible(uow, person_id, actor)
        check_keeper(actor, person)
        t = new_training(body, actor, now)
        person.setdefault("trainings", []).append(t)
        person.update(updated_at=now, updated_by=actor.audit())
        uow.persons.save(person, person["version"])
        uow.persons.log_change(person_id, change_entry({}, {"trainings": t["course"]}, set(),
                                                       actor, now, "training_recorded"))
        uow.publish(_event("training.recorded", person, event_data.training_recorded(person, t),
                           actor, correlation_id))
        uow.commit()
    return t


@retried
def add_migration(uow, person_id: str, body: dict, actor: Actor, correlation_id=None,
                  now: datetime | None = None) -> dict:
    """A migration record; an open one (no end date) makes the person a migrant worker."""
    now = _now(now)
    with uow:
        person = _visible(uow, person_id, actor)
        check_keeper(actor, person)
        m = _record_migration(uow, person, body, actor, now, correlation_id)
        uow.persons.save(person, person["version"])
        uow.commit()
    return m


def _record_migration(uow, person, body, actor, now, correlation_id) -> dict:
    m = new_migration(body, actor, now)
    person.setdefault("migrations", []).append(m)
    uow.persons.log_change(person["_id"], change_entry({}, {"migrations": m["employer"]}, set(),
                                                       actor, now, "migration_recorded"))
    uow.publish(_event("migration.recorded", person, event_data.migration_recorded(person, m),
                       actor, correlation_id))
    if not m["end_date"]:
        person["employment"] = employment_of(m)
        if person["status"] != "migrant":
            _move(uow, person, "migrant", actor, now, "登记外出务工", m["organized"], correlation_id)
    person.update(updated_at=now, updated_by=actor.audit(), confirmed_at=now)
    return m


@retried
def report_income(uow, person_id: str, body: dict, actor: Actor, correlation_id=None,
                  now: datetime | None = None) -> dict:
    """One figure per person and year; a second report for the year replaces the first."""
    now = _now(now)
    with uow:
        person = _visible(uow, person_id, actor)
        check_keeper(actor, person)
        i = new_income(body, actor, now)
        person["incomes"] = [x for x in person.get("incomes") or [] if x["year"] != i["year"]] + [i]
        person.update(updated_at=now, updated_by=actor.audit())
        uow.persons.save(person, person["version"])
        uow.persons.log_change(person_id, change_entry({}, {"incomes": i["year"]}, set(), actor,
                                                       now, "income_reported"))
        uow.publish(_event("income.reported", person, event_data.income_reported(person, i),
                           actor, correlation_id))
        uow.commit()
    return i


def on_placement_made(uow, event: dict) -> None:
    """jobs placed the person with an employer: an open migration record at that employer with
    the placement's start date and wage, and the person becomes a migrant worker. Runs in the
    consumer's transaction (uow joined); a replay of the same placement changes nothing."""
    d = event["data"]
    person = uow.persons.get(d["person_id"])
    if person is None:
        raise NotFound("人员不存在", {"person_id": "不存在"})
    if any(m.get("placement_id") == d["placement_id"] for m in person.get("migrations") or []):
        return
    now = datetime.now(timezone.utc)
    body = {"employer": d["employer_name"], "city": d["city"], "destination": "other",
            "start_date": d["start_date"], "monthly_income": int(d["monthly_wage"]),
            "organization": "organized" if d["organized"] else "self",
            "placement_id": d["placement_id"]}
    actor = Actor(id=(event.get("actor") or {}).get("user_id", SYSTEM.id),
                  username=(event.get("actor") or {}).get("username", SYSTEM.username),
                  role=(event.get("actor") or {}).get("role", SYSTEM.role))
    _record_migration(uow, person, body, actor, now, event.get("correlation_id"))
    uow.persons.save(person, person["version"])
    uow.commit()
