"""Use cases on legal aid: request (owner), assign and conclude (justice), justice's queue."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed

from ..domain import event_data, legal_aid
from .cases import _event, _load
from services.common.uow import retried


def _change(uow, case_id: str, actor: Actor, fn, *args, now=None, after=None):
    now = now or datetime.now(timezone.utc)
    with uow:
        case = _load(uow, case_id, actor)
        version = case["version"]
        fn(case, actor, *args, now)
        uow.cases.save(case, version)
        if after:
            after(case, now)
        uow.commit()
    return case


@retried
def request(uow, case_id: str, actor: Actor, reason: str, now=None) -> dict:
    return _change(uow, case_id, actor, legal_aid.request_aid, reason, now=now)


@retried
def assign(uow, case_id: str, actor: Actor, lawyer: str, organization: str | None,
           correlation_id: str | None = None, now=None) -> dict:
    def announce(case, at):
        _event(uow, "legal_aid.assigned", case, event_data.legal_aid_assigned(case, at), actor,
               correlation_id)
    return _change(uow, case_id, actor, legal_aid.assign_aid, lawyer, organization, now=now,
                   after=announce)


@retried
def conclude(uow, case_id: str, actor: Actor, method: str, result: str, now=None) -> dict:
    return _change(uow, case_id, actor, legal_aid.conclude_aid, method, result, now=now)


def queue(uow, actor: Actor, states: list[str]) -> list[dict]:
    if actor.role not in ("justice_officer", "rights_staff", "county_admin"):
        raise NotAllowed("无权查看法律援助队列")
    with uow:
        return uow.cases.legal_aid_queue(states)
