"""Registry use cases: each one a transaction of state change + outbox event."""
from datetime import datetime, timezone

from pymongo.errors import DuplicateKeyError

from services.common.auth import User
from services.common.errors import ApiError
from services.common.events.envelope import new_event
from services.common.events.outbox import add_to_outbox
from services.common.faults import crash_point
from services.common.mongo import in_transaction

from .domain.person import RuleBroken, new_person, registered_event_data
from .storage import persons as store


def register_person(client, db, regions, body: dict, user: User, correlation_id: str) -> dict:
    try:
        person = new_person(body, user, regions, datetime.now(timezone.utc))
    except RuleBroken as e:
        raise ApiError(e.status, e.code, e.message, e.fields)
    event = new_event("person.registered", source="registry", subject=person["_id"],
                      data=registered_event_data(person), actor=user.audit(),
                      correlation_id=correlation_id)

    def write(session):
        store.insert_person(db, session, person)
        add_to_outbox(db, session, event)
    try:
        in_transaction(client, write)
    except DuplicateKeyError:
        raise ApiError(409, "duplicate_id_number", "该身份证号已登记", {"id_number": "已存在"})
    crash_point("registry_after_commit")  # committed, not yet answered nor relayed
    return person
