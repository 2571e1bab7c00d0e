"""Use cases on referrals between departments: refer, accept / reject / revoke, inboxes."""
from datetime import date, datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed, NotFound

from ..domain import event_data
from ..domain.access import can_read, handles_for
from ..domain.referral import act_on_referral, refer
from .cases import _event, _load, today
from services.common.uow import retried

EVENTS = {"accept": "referral.accepted", "reject": "referral.rejected",
          "revoke": "referral.revoked"}


@retried
def refer_case(uow, case_id: str, actor: Actor, body: dict, correlation_id: str | None = None,
               now: datetime | None = None, on: date | None = None) -> tuple[dict, dict]:
    now = now or datetime.now(timezone.utc)
    with uow:
        case = _load(uow, case_id, actor)
        version = case["version"]
        referral = refer(case, actor, body, now, on or today())
        uow.cases.save(case, version)
        _event(uow, "case.referred", case, event_data.referral(case, referral, now), actor,
               correlation_id)
        uow.commit()
    return case, referral


@retried
def act(uow, referral_id: str, action: str, actor: Actor, body: dict,
        correlation_id: str | None = None, now: datetime | None = None) -> tuple[dict, dict]:
    now = now or datetime.now(timezone.utc)
    with uow:
        case = uow.cases.by_referral(referral_id)
        if case is None or not can_read(actor, case):
            raise NotFound("转办不存在", {"id": "不存在"})
        version = case["version"]
        referral = act_on_referral(case, referral_id, action, actor, now, body.get("reason"),
                                   body.get("as"))
        uow.cases.save(case, version)
        more = {"accepted_as": referral["accepted_as"]} if action == "accept" else {}
        _event(uow, EVENTS[action], case, event_data.referral(case, referral, now, **more),
               actor, correlation_id)
        uow.commit()
    return case, referral


def box(uow, actor: Actor, side: str, states: list[str]) -> list[tuple[dict, dict]]:
    """A department's inbox (referrals to it) or outbox (from it): (case, referral) pairs."""
    dept = handles_for(actor)
    if dept is None:
        raise NotAllowed("只有各部门的经办人员有转办收件箱")
    key = "to_department" if side == "inbox" else "from_department"
    with uow:
        cases = uow.cases.referral_box(dept, side, states)
    return [(c, r) for c in cases for r in c["referrals"]
            if r[key] == dept and r["state"] in states]
