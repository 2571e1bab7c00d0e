"""The posting review workflow: every transition allowed and refused, filing numbers, the log,
and the agency-license rule (license revoked -> postings withdrawn)."""
from datetime import date, datetime, timedelta, timezone

import pytest

from services.common.domain.errors import (InvalidField, InvalidTransition, NotAllowed, NotFound,
                                           RuleBroken)
from services.jobs.domain.posting import POSTING_FLOW, findable
from services.jobs.service_layer import employers as employers_uc
from services.jobs.service_layer import postings as uc
from tests.support.factories import actor
from tests.support.jobs_fakes import FakeJobsUnitOfWork, agency_event, employer_body, posting_body

ADMIN, STAFF = actor("county_admin"), actor("township_staff")
NOW = datetime(2026, 5, 1, 8, tzinfo=timezone.utc)
TODAY = NOW.date()


@pytest.fixture
def uow():
    return FakeJobsUnitOfWork()


@pytest.fixture
def employer(uow):
    return employers_uc.register_employer(uow, employer_body(), ADMIN, NOW)


def draft(uow, employer, **over):
    return uc.create_posting(uow, posting_body(employer["_id"], TODAY, **over), STAFF, NOW)


def published(uow, employer, **over):
    p = draft(uow, employer, **over)
    uc.submit(uow, p["_id"], STAFF, NOW)
    return uc.review(uow, p["_id"], "approve", None, ADMIN, None, NOW)


def test_submit_then_approve_files_and_publishes(uow, employer):
    p = draft(uow, employer)
    assert p["status"] == "draft" and "filing_number" not in p
    uc.submit(uow, p["_id"], STAFF, NOW)
    done = uc.review(uow, p["_id"], "approve", "信息属实", ADMIN, "corr", NOW)
    assert done["status"] == "published" and done["filing_number"] == "内劳招备〔2026〕00001号"
    assert [e["action"] for e in done["log"]] == ["create", "submit", "approve"]
    assert done["log"][-1]["by"]["username"] == "county_admin" and done["log"][-1]["reason"] == "信息属实"
    [event] = uow.events_of("posting.published")
    assert event["data"]["filing_number"] == done["filing_number"]
    assert event["data"]["posting_version"] == uow.postings.get(p["_id"])["version"] == 3
    assert findable(uow.postings.get(p["_id"]), TODAY)


def test_filing_numbers_are_sequential_per_year(uow, employer):
    numbers = [published(uow, employer)["filing_number"] for _ in range(3)]
    assert numbers == ["内劳招备〔2026〕00001号", "内劳招备〔2026〕00002号", "内劳招备〔2026〕00003号"]


def test_rejection_needs_reasons_and_can_be_revised_and_resubmitted(uow, employer):
    p = draft(uow, employer)
    uc.submit(uow, p["_id"], STAFF, NOW)
    with pytest.raises(InvalidField) as e:
        uc.review(uow, p["_id"], "reject", "  ", ADMIN, None, NOW)
    assert e.value.fields == {"reason": "驳回或撤回须说明原因"}
    rejected = uc.review(uow, p["_id"], "reject", "工资标准不明确", ADMIN, None, NOW)
    assert rejected["status"] == "rejected" and rejected["log"][-1]["reason"] == "工资标准不明确"
    assert not uow.events_of("posting.published")
    uc.act(uow, p["_id"], "revise", None, STAFF, None, NOW)
    uc.submit(uow, p["_id"], STAFF, NOW)
    assert uow.postings.get(p["_id"])["status"] == "submitted"


@pytest.mark.parametrize("state,action", [
    ("draft", "approve"), ("draft", "reject"), ("published", "submit"), ("published", "approve"),
    ("rejected", "approve"), ("withdrawn", "submit"), ("withdrawn", "withdraw"), ("expired", "withdraw"),
    ("draft", "expire"), ("submitted", "revise"),
])
def test_transitions_not_in_the_table_are_refused(state, action):
    with pytest.raises(InvalidTransition):
        POSTING_FLOW.apply(state, action, ADMIN, NOW)


def test_every_table_transition_is_allowed():
    for (state, action), to in POSTING_FLOW.transitions.items():
        assert POSTING_FLOW.apply(state, action, ADMIN, NOW, "因为")[0] == to


def test_approving_a_draft_is_refused_without_using_a_number(uow, employer):
    p = draft(uow, employer)
    with pytest.raises(InvalidTransition):
        uc.review(uow, p["_id"], "approve", None, ADMIN, None, NOW)
    assert uow.postings.counters == {}


def test_only_the_county_office_reviews(uow, employer):
    p = draft(uow, employer)
    uc.submit(uow, p["_id"], STAFF, NOW)
    for who in ("township_staff", "leader", "village_liaison"):
        with pytest.raises(NotAllowed):
            uc.review(uow, p["_id"], "approve", None, actor(who), None, NOW)
    with pytest.raises(NotAllowed):
        uc.review_queue(uow, STAFF, 1, 20)
    items, total = uc.review_queue(uow, ADMIN, 1, 20)
    assert total == 1 and items[0]["_id"] == p["_id"]


def test_withdrawing_a_published_posting_announces_it(uow, employer):
    p = published(uow, employer)
    with pytest.raises(InvalidField):
        uc.act(uow, p["_id"], "withdraw", "", STAFF, None, NOW)
    uc.act(uow, p["_id"], "withdraw", "岗位已招满", STAFF, None, NOW)
    [event] = uow.events_of("posting.withdrawn")
    assert event["data"]["reason"] == "岗位已招满" and event["data"]["posting_version"] == 4
    assert not findable(uow.postings.get(p["_id"]), TODAY)


def test_withdrawing_a_draft_announces_nothing(uow, employer):
    p = draft(uow, employer)
    uc.act(uow, p["_id"], "withdraw", "录入有误", STAFF, None, NOW)
    assert uow.postings.get(p["_id"])["status"] == "withdrawn" and not uow.events_of("posting.withdrawn")


def test_postings_past_their_end_date_expire(uow, employer):
    p = published(uow, employer, valid_until=(TODAY + timedelta(days=3)).isoformat())
    assert uc.expire_postings(uow, NOW + timedelta(days=3)) == []
    assert uc.expire_postings(uow, NOW + timedelta(days=4)) == [p["_id"]]
    stored = uow.postings.get(p["_id"])
    assert stored["status"] == "expired" and stored["log"][-1]["by"]["role"] == "system"
    assert uow.events_of("posting.withdrawn")[0]["data"]["reason"] == "有效期已过"


@pytest.mark.parametrize("over,field", [
    ({"salary_min": 6000, "salary_max": 5000}, "salary_max"),
    ({"requirements": {"age_min": 40, "age_max": 20}}, "requirements.age_max"),
    ({"requirements": {"sex": "male"}}, "requirements.sex_reason"),
    ({"valid_until": "2026-04-01"}, "valid_until"),
    ({"valid_until": "2027-05-01"}, "valid_until"),
])
def test_terms_that_break_the_rules_name_the_field(uow, employer, over, field):
    with pytest.raises(InvalidField) as e:
        draft(uow, employer, **over)
    assert field in e.value.fields


def test_a_lawful_sex_requirement_states_its_reason(uow, employer):
    p = draft(uow, employer, requirements={"sex": "male", "sex_reason": "井下作业,国家规定女职工禁忌"})
    assert p["requirements"]["sex"] == "male"


def test_unknown_employer(uow):
    with pytest.raises(NotFound):
        uc.create_posting(uow, posting_body("nobody", TODAY), STAFF, NOW)


# ---- agencies ----------------------------------------------------------------------------
def test_an_unlicensed_agency_cannot_post(uow, employer):
    with pytest.raises(NotFound) as e:
        draft(uow, employer, agency_id="ag-1")
    assert "agency_id" in e.value.fields
    uc.on_agency_event(uow, agency_event("agency.licensed", "ag-1", valid_until="2026-04-30"))
    with pytest.raises(RuleBroken) as expired:  # its license ran out yesterday
        draft(uow, employer, agency_id="ag-1")
    assert expired.value.code == "agency_not_licensed"
    uc.on_agency_event(uow, agency_event("agency.renewed", "ag-1", valid_until="2027-04-30"))
    assert draft(uow, employer, agency_id="ag-1")["agency_name"] == "内乡县人力资源服务有限公司"


@pytest.mark.parametrize("stop", ["agency.suspended", "agency.revoked", "agency.expired"])
def test_an_agency_losing_its_license_has_its_postings_withdrawn(uow, employer, stop):
    uc.on_agency_event(uow, agency_event("agency.licensed", "ag-1"))
    live = published(uow, employer, agency_id="ag-1")
    pending = draft(uow, employer, agency_id="ag-1")
    other = published(uow, employer)
    withdrawn = uc.on_agency_event(uow, agency_event(stop, "ag-1"))
    assert sorted(withdrawn) == sorted([live["_id"], pending["_id"]])
    assert uow.postings.get(live["_id"])["status"] == "withdrawn"
    assert uow.postings.get(other["_id"])["status"] == "published"
    [event] = uow.events_of("posting.withdrawn")  # only the published one was findable
    assert event["subject"] == live["_id"] and "违规收费" in event["data"]["reason"]
    with pytest.raises(RuleBroken):
        draft(uow, employer, agency_id="ag-1")


def test_a_submitted_agency_posting_is_not_approved_after_suspension(uow, employer):
    uc.on_agency_event(uow, agency_event("agency.licensed", "ag-1"))
    p = draft(uow, employer, agency_id="ag-1")
    uc.submit(uow, p["_id"], STAFF, NOW)
    uow.agencies.rows["ag-1"]["status"] = "suspended"  # as if the event were still in flight
    with pytest.raises(RuleBroken):
        uc.review(uow, p["_id"], "approve", None, ADMIN, None, NOW)
