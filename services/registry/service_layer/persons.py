"""Use cases on people: register, read (audited), search, edit with history, duplicates."""
from datetime import date, datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import Duplicate, NotAllowed, NotFound, OutOfRegion
from services.common.domain.roles import in_region
from services.common.events.envelope import new_event
from services.common.faults import crash_point
from services.common.uow import retried

from .. import events  # noqa: F401  (registers the registry's event contracts)
from ..domain import event_data
from ..domain.households import check_member
from ..domain.labor_age import LaborAges
from ..domain.person import READERS, apply_patch, new_person
from ..domain.privacy import sees_personal_data
from ..domain.regions import Regions


def _now(now):
    return now or datetime.now(timezone.utc)


def _event(type_, person, data, actor, correlation_id):
    return new_event(type_, source="registry", subject=person["_id"], data=data,
                     actor=actor.audit(), correlation_id=correlation_id)


@retried
def register_person(uow, regions: Regions, body: dict, actor: Actor,
                    correlation_id: str | None = None, now: datetime | None = None,
                    idempotency_key: str | None = None, ages: LaborAges = LaborAges()) -> dict:
    """A registration; the same Idempotency-Key from the same user returns the first answer."""
    now = _now(now)
    person = new_person(body, actor, regions, now, ages=ages)
    key = f"{actor.id}:{idempotency_key}" if idempotency_key else None
    with uow:
        if key:
            seen = uow.idempotency.get(key)
            if seen:
                return uow.persons.get(seen["person_id"])
        if person.get("household_id"):
            check_member(uow.households.get(person["household_id"]), person)
        flag_likely_duplicates(uow, person)
        uow.persons.add(person)
        if key:
            uow.idempotency.add(key, person["_id"], now)
        uow.publish(_event("person.registered", person, event_data.registered(person), actor,
                           correlation_id), new_subject=True)   # the person is made here
        uow.commit()
    crash_point("registry_after_commit")  # committed, not yet answered nor relayed
    return person


def flag_likely_duplicates(uow, person: dict) -> None:
    """Same name and birth date elsewhere in the county: both are flagged for review (a shared
    phone alone is not a duplicate: families share one)."""
    others = uow.persons.similar(person["name"], person["birth_date"], person["_id"])
    if not others:
        return
    person["duplicate_suspects"] = [o["_id"] for o in others]
    for o in others:
        o.setdefault("duplicate_suspects", [])
        if person["_id"] not in o["duplicate_suspects"]:
            o["duplicate_suspects"].append(person["_id"])
            uow.persons.save(o, o["version"])


def _visible(uow, person_id: str, actor: Actor) -> dict:
    if actor.role not in READERS:
        raise NotAllowed("无权查看人员档案")
    person = uow.persons.get(person_id)
    if person is None or person.get("merged_into"):
        raise NotFound("人员不存在", {"id": "不存在"})
    if not in_region(actor, person["township_code"], person["village_code"]):
        raise OutOfRegion("无权查看其他辖区的人员")
    return person


def audit_entry(actor: Actor, action: str, person_ids: list[str], origin: dict | None,
                now: datetime, detail: dict | None = None) -> dict:
    origin = origin or {}
    return {"at": now, "by": actor.audit(), "action": action, "person_ids": person_ids,
            "count": len(person_ids), "ip": origin.get("ip"),
            "forwarded_for": origin.get("forwarded_for"), "request_id": origin.get("request_id"),
            "detail": detail or {}}


def get_person(uow, person_id: str, actor: Actor, origin: dict | None = None,
               now: datetime | None = None) -> dict:
    """One record; opening it unmasked is recorded in the read audit."""
    with uow:
        person = _visible(uow, person_id, actor)
        if sees_personal_data(actor, person):
            uow.reads.add(audit_entry(actor, "read", [person_id], origin, _now(now)))
            uow.commit()
    return person


def list_persons(uow, actor: Actor, criteria: dict, page: int, page_size: int,
                 origin: dict | None = None, now: datetime | None = None) -> tuple[list[dict], int]:
    if actor.role not in READERS:
        raise NotAllowed("无权查看人员档案")
    with uow:
        items, total = uow.persons.search_visible_to(actor, criteria, (page - 1) * page_size, page_size)
        shown = [p["_id"] for p in items if sees_personal_data(actor, p)]
        if shown:
            uow.reads.add(audit_entry(actor, "list", shown, origin, _now(now)))
            uow.commit()
    return items, total


def history(uow, person_id: str, actor: Actor) -> list[dict]:
    with uow:
        _visible(uow, person_id, actor)
        return uow.persons.history(person_id)


@retried
def update_person(uow, regions: Regions, person_id: str, body: dict, actor: Actor,
                  correlation_id: str | None = None, now: datetime | None = None) -> dict:
    """An edit at the version the client read (a stale one: StaleVersion, 409)."""
    now = _now(now)
    with uow:
        person = _visible(uow, person_id, actor)
        updated, entry = apply_patch(person, body, actor, regions, now)
        if updated.get("household_id") and {"household_id", "village_code"} & set(entry["fields"]):
            check_member(uow.households.get(updated["household_id"]), updated)
        if entry["fields"]:
            if "id_number" in entry["fields"]:
                other = uow.persons.by_id_number(updated["id_number"])
                if other and other["_id"] != person_id:
                    raise Duplicate("该身份证号已登记", {"id_number": "已存在"})
            uow.persons.save(updated, body["version"])
            uow.persons.log_change(person_id, entry)
            uow.publish(_event("person.updated", updated,
                               event_data.updated(updated, entry["fields"]), actor, correlation_id))
        else:
            # nothing changed: still a confirmation that the record is current
            uow.persons.save(updated, body["version"])
        uow.commit()
    return updated


@retried
def merge_persons(uow, keep_id: str, drop_id: str, actor: Actor, version: int,
                  correlation_id: str | None = None, now: datetime | None = None) -> dict:
    """Merge a likely duplicate into the record kept: its trainings, migrations and incomes
    move over, the dropped record stays (marked merged) so its history is kept."""
    from ..domain.person import check_keeper
    now = _now(now)
    if keep_id == drop_id:
        from services.common.domain.errors import InvalidField
        raise InvalidField("不能与自身合并", {"merge_id": "须为另一人员"})
    with uow:
        keep = _visible(uow, keep_id, actor)
        drop = _visible(uow, drop_id, actor)
        check_keeper(actor, keep)
        check_keeper(actor, drop)
        for key in ("trainings", "migrations", "incomes"):
            keep[key] = (keep.get(key) or []) + (drop.get(key) or [])
        keep["duplicate_suspects"] = [i for i in keep.get("duplicate_suspects", []) if i != drop_id]
        keep.update(updated_at=now, updated_by=actor.audit())
        uow.persons.save(keep, version)
        drop.update(merged_into=keep_id, updated_at=now, updated_by=actor.audit())
        uow.persons.save(drop, drop["version"])
        for pid, other in ((keep_id, drop_id), (drop_id, keep_id)):
            uow.persons.log_change(pid, {"at": now, "by": actor.audit(), "action": "merged",
                                         "fields": [], "values": {"merged_with": {"old": None, "new": other}}})
        uow.publish(_event("person.updated", keep,
                           event_data.updated(keep, ["trainings", "migrations", "incomes"]),
                           actor, correlation_id))
        uow.commit()
    return keep


def today() -> date:
    return datetime.now(timezone.utc).date()
