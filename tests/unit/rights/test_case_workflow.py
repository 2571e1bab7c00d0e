"""Every case transition, allowed and refused; who may act; outcomes and their events;
deadlines and overdue flags."""
from datetime import date

import pytest

from services.common.domain.errors import InvalidField, InvalidTransition, NotAllowed, NotFound, StaleVersion
from services.rights.domain.deadlines import is_overdue
from services.rights.domain.workflow import CASE_ACTIONS, CASE_WORKFLOW
from services.rights.service_layer import cases
from services.rights.storage.cases import CaseRepository
from tests.support.factories import actor

from .helpers import POLICE, STAFF, advance, later, new_case

PATHS = {"received": [], "accepted": ["accept"], "investigating": ["accept", "investigate"],
         "resolved": ["accept", "investigate", "resolve"],
         "closed": ["accept", "investigate", "resolve", "close"], "rejected": ["reject"]}
ALLOWED = {(s, a) for (s, a) in CASE_WORKFLOW.transitions if a != "merge"}


@pytest.mark.parametrize("state", list(PATHS))
@pytest.mark.parametrize("action", [a for a in CASE_ACTIONS if a != "merge"])
def test_each_action_from_each_state(state, action):
    uow, case = new_case()
    case = advance(uow, case, *PATHS[state])
    assert case["state"] == state
    if (state, action) in ALLOWED:
        after = advance(uow, case, action)
        assert after["state"] == CASE_WORKFLOW.transitions[(state, action)]
        last = after["timeline"][-1]
        assert last["action"] == action and last["by"]["username"] == "rights_staff"
        assert last["from"] == state
    else:
        with pytest.raises(InvalidTransition):
            advance(uow, case, action)
        assert uow.cases.get(case["_id"])["state"] == state


def test_reject_needs_a_reason_and_resolve_an_outcome():
    uow, case = new_case()
    with pytest.raises(InvalidField) as e:
        cases.change_state(uow, case["_id"], "reject", STAFF, {}, now=later())
    assert "reason" in e.value.fields
    advance(uow, case, "accept")
    with pytest.raises(InvalidField) as e:
        cases.change_state(uow, case["_id"], "resolve", STAFF,
                           {"outcome": "wages_recovered", "wages_recovered": 0}, now=later())
    assert "wages_recovered" in e.value.fields
    with pytest.raises(InvalidField):
        cases.change_state(uow, case["_id"], "resolve", STAFF,
                           {"outcome": "nothing", "compensation": 5}, now=later())


def test_only_the_owner_departments_handler_changes_state():
    uow, case = new_case()
    for who in (actor("county_admin"), actor("township_staff"), POLICE):
        with pytest.raises((NotAllowed, NotFound)):
            cases.change_state(uow, case["_id"], "accept", who, {}, now=later())
    assert uow.cases.get(case["_id"])["state"] == "received"


def test_a_stale_version_is_refused():
    uow, case = new_case()
    with pytest.raises(StaleVersion):
        cases.change_state(uow, case["_id"], "accept", STAFF, {"version": 7}, now=later())


def test_closing_announces_the_outcome_once():
    uow, case = new_case(respondent={"type": "employer", "id": "emp-1", "name": "某厂"})
    advance(uow, case, "accept", "investigate", "resolve")
    assert not uow.events_of("case.closed")
    advance(uow, case, "close")
    [closed] = uow.events_of("case.closed")
    assert closed["data"] | {"closed_at": None} == {
        "case_id": case["_id"], "category": "wage_arrears", "township_code": "411325100",
        "respondent_type": "employer", "respondent_id": "emp-1", "substantiated": True,
        "outcome": "wages_recovered", "wages_recovered": 8000.0, "compensation": 0.0,
        "closed_at": None}
    assert "王秀兰" not in str(closed)


def test_accepting_a_complaint_about_an_unlicensed_agency_reports_it_to_licensing():
    uow, case = new_case(category="fraud",
                         respondent={"type": "unlicensed_agency", "id": "x", "name": "黑中介张某团伙"})
    assert case["respondent"]["id"] is None
    assert not uow.events_of("illegal_agency.reported")
    advance(uow, case, "accept")
    [event] = uow.events_of("illegal_agency.reported")
    assert event["data"]["suspect_name"] == "黑中介张某团伙" and event["data"]["place"] == "江苏省苏州市"


def test_overdue_only_while_open_and_after_the_due_date():
    uow, case = new_case(category="fees")  # 15 days
    due = date.fromisoformat(case["due_date"])
    assert not is_overdue(case, due)
    assert is_overdue(case, date.fromordinal(due.toordinal() + 1))
    done = advance(uow, case, "accept", "resolve")
    assert not is_overdue(done, date.fromordinal(due.toordinal() + 1))


def test_the_list_filters_overdue_cases():
    uow, late = new_case(category="fees")
    new_case(uow, category="injury")
    q = CaseRepository.filters(overdue_on=date(2026, 3, 30))
    items, total = cases.list_cases(uow, STAFF, q, 1, 20)
    assert total == 1 and items[0]["_id"] == late["_id"]
    assert cases.list_cases(uow, STAFF, {}, 1, 20)[1] == 2
