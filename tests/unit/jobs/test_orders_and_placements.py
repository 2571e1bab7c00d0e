"""Orders, applications with outcomes, placements (placement.made, order.filled) and the
follow-ups after them (placement.wage_unpaid), against fakes."""
from datetime import datetime, timedelta, timezone

import pytest

from services.common.domain.errors import (InvalidField, InvalidTransition, NotAllowed, OutOfRegion,
                                           RuleBroken)
from services.jobs.service_layer import employers as employers_uc
from services.jobs.service_layer import orders as orders_uc
from services.jobs.service_layer import placements as uc
from services.jobs.service_layer import postings as postings_uc
from tests.support.factories import OTHER_TOWN, TOWN, VILLAGE, actor
from tests.support.jobs_fakes import FakeJobsUnitOfWork, employer_body, posting_body

NOW = datetime(2026, 5, 1, 8, tzinfo=timezone.utc)
ADMIN, STAFF = actor("county_admin"), actor("township_staff")


@pytest.fixture
def uow():
    u = FakeJobsUnitOfWork()
    u.employer = employers_uc.register_employer(u, employer_body(), ADMIN, NOW)
    p = postings_uc.create_posting(u, posting_body(u.employer["_id"], NOW.date()), STAFF, NOW)
    postings_uc.submit(u, p["_id"], STAFF, NOW)
    u.posting = postings_uc.review(u, p["_id"], "approve", None, ADMIN, None, NOW)
    for pid, town in (("w1", TOWN), ("w2", TOWN), ("far", OTHER_TOWN)):
        u.workers.put({"_id": pid, "township_code": town, "village_code": town + "201" if town != TOWN else VILLAGE,
                       "sex": "male", "birth_date": "1990-01-01", "status": "surplus", "skills": [], "trainings": []})
    return u


def order(uow, headcount=2, **over):
    body = {"employer_id": uow.employer["_id"], "positions": [{"title": "普工", "headcount": headcount}],
            "required_training": "岗前安全培训", "departure_date": "2026-06-01"}
    body.update(over)
    return orders_uc.create_order(uow, body, ADMIN, "c", NOW)


def test_an_order_is_created_announced_and_progresses(uow):
    o = order(uow, headcount=3)
    [created] = uow.events_of("order.created")
    assert created["data"]["headcount"] == 3 and created["data"]["departure_date"] == "2026-06-01"
    orders_uc.record_progress(uow, o["_id"], 3, 2, STAFF, NOW)
    stored = uow.orders.get(o["_id"])
    assert stored["status"] == "recruiting" and stored["trained"] == 2
    with pytest.raises(InvalidField) as e:
        orders_uc.record_progress(uow, o["_id"], 2, 2, STAFF, NOW)
    assert "recruited" in e.value.fields
    with pytest.raises(InvalidField):
        orders_uc.record_progress(uow, o["_id"], 3, 4, STAFF, NOW)
    with pytest.raises(NotAllowed):
        orders_uc.create_order(uow, {"employer_id": uow.employer["_id"], "positions": [{"title": "普工", "headcount": 1}],
                                     "departure_date": "2026-06-01"}, STAFF, None, NOW)


def test_placements_through_an_order_fill_it(uow):
    o = order(uow, headcount=2)
    for pid in ("w1", "w2"):
        uc.place(uow, {"person_id": pid, "order_id": o["_id"], "start_date": "2026-06-03",
                       "monthly_wage": 5200, "organized_by": "township_station"}, STAFF, None, NOW)
    assert uow.orders.get(o["_id"])["status"] == "filled"
    [filled] = uow.events_of("order.filled")
    assert filled["data"]["placed"] == 2
    made = uow.events_of("placement.made")
    assert len(made) == 2 and made[0]["data"]["township_code"] == TOWN and made[0]["data"]["organized"] is True
    orders_uc.close_order(uow, o["_id"], "已全部出发", ADMIN, NOW)
    with pytest.raises(RuleBroken):
        uc.place(uow, {"person_id": "w1", "order_id": o["_id"], "start_date": "2026-06-03",
                       "monthly_wage": 5200, "organized_by": "township_station"}, STAFF, None, NOW)


def test_a_placement_through_a_posting_creates_four_follow_ups(uow):
    p = uc.place(uow, {"person_id": "w1", "posting_id": uow.posting["_id"], "start_date": "2026-01-31",
                       "monthly_wage": 5000, "organized_by": "self"}, STAFF, None, NOW)
    [event] = uow.events_of("placement.made")
    assert event["data"]["employer_name"] == uow.employer["name"] and event["data"]["city"] == "苏州"
    assert event["data"]["organized"] is False
    tasks, total = uc.follow_up_tasks(uow, STAFF, "due", 1, 10)
    assert total == 4
    assert [t["due_on"] for t in tasks] == ["2026-02-14", "2026-04-30", "2026-07-31", "2027-01-31"]
    assert uc.follow_up_tasks(uow, actor("township_staff", region=OTHER_TOWN), None, 1, 10)[1] == 0
    assert p["township_code"] == TOWN


def test_unpaid_wages_at_a_follow_up_are_announced_for_rights(uow):
    p = uc.place(uow, {"person_id": "w1", "posting_id": uow.posting["_id"], "start_date": "2026-01-31",
                       "monthly_wage": 5000, "organized_by": "county_office"}, STAFF, None, NOW)
    uc.record_follow_up(uow, f"{p['_id']}:2w", {"still_employed": True, "wage_paid_on_time": True,
                                                  "monthly_wage": 5000}, STAFF, None, NOW)
    assert not uow.events_of("placement.wage_unpaid")
    uc.record_follow_up(uow, f"{p['_id']}:3m", {"still_employed": True, "wage_paid_on_time": False,
                                                  "months_unpaid": 2}, STAFF, None, NOW)
    [event] = uow.events_of("placement.wage_unpaid")
    assert event["data"]["months_unpaid"] == 2 and event["data"]["follow_up"] == "3m"
    with pytest.raises(InvalidTransition):
        uc.record_follow_up(uow, f"{p['_id']}:3m", {"still_employed": True, "wage_paid_on_time": True},
                            STAFF, None, NOW)


def test_placements_and_applications_are_regional(uow):
    with pytest.raises(OutOfRegion):
        uc.place(uow, {"person_id": "far", "posting_id": uow.posting["_id"], "start_date": "2026-06-03",
                       "monthly_wage": 5000, "organized_by": "self"}, STAFF, None, NOW)
    with pytest.raises(InvalidField):  # both a posting and an order
        uc.record_application(uow, {"person_id": "w1", "posting_id": "a", "order_id": "b"}, STAFF, NOW)
    with pytest.raises(NotAllowed):
        uc.record_application(uow, {"person_id": "w1", "posting_id": uow.posting["_id"]}, actor("leader"), NOW)


def test_applications_get_outcomes_and_stale_ones_close(uow):
    a = uc.record_application(uow, {"person_id": "w1", "posting_id": uow.posting["_id"]}, STAFF, NOW)
    b = uc.record_application(uow, {"person_id": "w2", "posting_id": uow.posting["_id"]}, STAFF, NOW)
    uc.record_outcome(uow, a["_id"], "not_mobile", None, STAFF, NOW)
    assert uow.applications.get(a["_id"])["outcome_reason"] == "不愿外出"
    with pytest.raises(InvalidTransition):
        uc.record_outcome(uow, a["_id"], "hired", None, STAFF, NOW)
    with pytest.raises(InvalidField):
        uc.record_outcome(uow, b["_id"], "other", "", STAFF, NOW)
    assert uc.close_stale_applications(uow, NOW + timedelta(days=59)) == []
    assert uc.close_stale_applications(uow, NOW + timedelta(days=60)) == [b["_id"]]
    assert uow.applications.get(b["_id"])["status"] == "closed"


def test_a_placement_after_a_hired_application_is_linked_to_it_once(uow):
    a = uc.record_application(uow, {"person_id": "w1", "posting_id": uow.posting["_id"]}, STAFF, NOW)
    body = {"person_id": "w1", "posting_id": uow.posting["_id"], "application_id": a["_id"],
            "start_date": "2026-06-03", "monthly_wage": 5200, "organized_by": "township_station"}
    with pytest.raises(InvalidTransition) as early:  # no outcome yet
        uc.place(uow, body, STAFF, None, NOW)
    assert early.value.fields == {"application_id": "尚未录用"} and not uow.placements.rows
    uc.record_outcome(uow, a["_id"], "hired", None, STAFF, NOW)
    with pytest.raises(InvalidField) as other:  # another person than the application's
        uc.place(uow, dict(body, person_id="w2"), STAFF, None, NOW)
    assert "application_id" in other.value.fields
    p = uc.place(uow, body, STAFF, None, NOW)
    assert uow.applications.get(a["_id"])["placement_id"] == p["_id"]
    assert uc.get_application(uow, a["_id"], STAFF)["placement_id"] == p["_id"]
    with pytest.raises(InvalidTransition):  # placed twice from one application
        uc.place(uow, body, STAFF, None, NOW)
    assert len(uow.events_of("placement.made")) == 1
    with pytest.raises(OutOfRegion):
        uc.get_application(uow, a["_id"], actor("township_staff", region=OTHER_TOWN))


def test_applications_filter_by_posting_order_and_township(uow):
    o = order(uow)
    uc.record_application(uow, {"person_id": "w1", "posting_id": uow.posting["_id"]}, STAFF, NOW)
    uc.record_application(uow, {"person_id": "w2", "order_id": o["_id"]}, STAFF, NOW)
    uc.record_application(uow, {"person_id": "far", "order_id": o["_id"]}, ADMIN, NOW)
    people = lambda who, f: sorted(a["person_id"] for a in uc.list_applications(uow, who, f, 1, 20)[0])
    assert people(ADMIN, {"order_id": o["_id"]}) == ["far", "w2"]
    assert people(ADMIN, {"township_code": OTHER_TOWN}) == ["far"]
    assert people(STAFF, {"order_id": o["_id"]}) == ["w2"]  # the scope still limits a township
    assert people(STAFF, {"township_code": OTHER_TOWN}) == []


def test_a_base_shows_its_quota_use_from_its_orders(uow):
    from tests.unit.jobs.test_employer_use_cases import base_body
    b = employers_uc.establish_base(uow, base_body(uow.employer["_id"]), ADMIN, None, NOW)
    o = order(uow, headcount=3, base_id=b["_id"])
    order(uow, headcount=1)  # not through the base
    for pid in ("w1", "w2"):
        uc.place(uow, {"person_id": pid, "order_id": o["_id"], "start_date": "2026-06-03",
                       "monthly_wage": 5200, "organized_by": "base"}, STAFF, None, NOW)
    [listed], total = employers_uc.list_bases(uow, actor("leader"), {}, 1, 20)
    assert total == 1 and (listed["placed"], listed["orders"], listed["quota"]) == (2, 1, 200)


def test_an_order_through_a_base_must_be_of_that_employer_and_while_it_is_in_force(uow):
    from tests.unit.jobs.test_employer_use_cases import base_body
    b = employers_uc.establish_base(uow, base_body(uow.employer["_id"]), ADMIN, None, NOW)
    other = employers_uc.register_employer(uow, employer_body(name="另一家单位"), ADMIN, NOW)
    with pytest.raises(InvalidField) as wrong:
        order(uow, employer_id=other["_id"], base_id=b["_id"])
    assert wrong.value.fields == {"base_id": "不是该用工单位的输出基地"}
    assert order(uow, base_id=b["_id"])["base_name"] == "苏州电子输出基地"
    employers_uc.end_output_base(uow, b["_id"], "协议到期", None, ADMIN, None, NOW)
    with pytest.raises(RuleBroken):
        order(uow, base_id=b["_id"])
    assert len(uow.events_of("order.created")) == 1
