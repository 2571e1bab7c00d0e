"""Shared steps for the rights use-case tests (fakes, fixed clock)."""
from datetime import date, datetime, timedelta, timezone

from services.rights.service_layer import cases, referrals
from tests.support.factories import actor
from tests.support.rights_fakes import FakeRightsUnitOfWork, complaint_body

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
TODAY = date(2026, 3, 2)
STAFF = actor("rights_staff")
POLICE = actor("police_officer", department="police")
COMMERCE = actor("commerce_officer", department="commerce")
JUSTICE = actor("justice_officer", department="justice")


def later(days: float = 0, hours: float = 1) -> datetime:
    return NOW + timedelta(days=days, hours=hours)


def new_case(uow=None, who=STAFF, **over):
    uow = uow or FakeRightsUnitOfWork()
    case = cases.take_complaint(uow, complaint_body(**over), who, "corr-1", now=NOW)
    return uow, case


def refer_to(uow, case, dept="police", who=STAFF, **over):
    body = {"to_department": dept, "reason": "涉嫌诈骗", "requested_action": "立案侦查",
            "due_date": "2026-03-20", **over}
    return referrals.refer_case(uow, case["_id"], who, body, now=later(), on=TODAY)


def advance(uow, case, *actions, who=STAFF):
    for a in actions:
        body = {"outcome": "wages_recovered", "wages_recovered": 8000} if a == "resolve" else {}
        if a == "reject":
            body = {"reason": "不属于受理范围"}
        case = cases.change_state(uow, case["_id"], a, who, body, now=later())
    return case
