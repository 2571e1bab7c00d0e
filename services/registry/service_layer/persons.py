"""Use cases on people: register, read, list."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed, NotFound, OutOfRegion
from services.common.domain.roles import in_region
from services.common.events.envelope import new_event
from services.common.faults import crash_point

from .. import events  # noqa: F401  (registers the registry's event contracts)
from ..domain.person import READERS, new_person, registered_event_data
from ..domain.regions import Regions


def register_person(uow, regions: Regions, body: dict, actor: Actor,
                    correlation_id: str | None = None, now: datetime | None = None) -> dict:
    now = now or datetime.now(timezone.utc)
    person = new_person(body, actor, regions, now)
    with uow:
        uow.persons.add(person)
        uow.publish(new_event("person.registered", source="registry", subject=person["_id"],
                              data=registered_event_data(person), actor=actor.audit(),
                              correlation_id=correlation_id))
        uow.commit()
    crash_point("registry_after_commit")  # committed, not yet answered nor relayed
    return person


def get_person(uow, person_id: str, actor: Actor) -> dict:
    if actor.role not in READERS:
        raise NotAllowed("无权查看人员档案")
    with uow:
        person = uow.persons.get(person_id)
    if person is None:
        raise NotFound("人员不存在", {"id": "不存在"})
    if not in_region(actor, person["township_code"], person["village_code"]):
        raise OutOfRegion("无权查看其他辖区的人员")
    return person


def list_persons(uow, actor: Actor, filters: dict, page: int, page_size: int) -> tuple[list[dict], int]:
    if actor.role not in READERS:
        raise NotAllowed("无权查看人员档案")
    with uow:
        return uow.persons.page_visible_to(actor, filters, (page - 1) * page_size, page_size)
