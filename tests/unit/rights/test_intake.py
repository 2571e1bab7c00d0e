"""Taking complaints: channels, roles, township scope, respondent links, receipts, deadlines,
and what case.opened carries (no personal data)."""
import re

import pytest

from services.common.domain.errors import InvalidField, NotAllowed
from services.rights.domain.deadlines import DEADLINE_DAYS, load_deadlines
from services.rights.service_layer import cases
from tests.support.factories import OTHER_TOWN, TOWN, actor
from tests.support.rights_fakes import FakeRightsUnitOfWork, complaint_body

from .helpers import NOW, STAFF, new_case


@pytest.mark.parametrize("channel", ["hotline", "walk_in", "township", "liaison_station"])
def test_staff_take_a_complaint_by_each_channel(channel):
    uow, case = new_case(channel=channel)
    assert case["state"] == "received" and case["channel"] == channel
    assert case["owner_department"] == "labor" and case["timeline"][0]["action"] == "received"
    assert re.fullmatch(r"WQ20260302[2-9A-HJ-NP-Z]{6}", case["receipt_number"])
    [event] = uow.events_of("case.opened")
    assert event["data"]["channel"] == channel and event["correlation_id"] == "corr-1"


def test_the_opened_event_carries_no_personal_data():
    uow, case = new_case()
    event = str(uow.published)
    assert "王秀兰" not in event and "13937712345" not in event
    assert uow.published[0]["data"]["amount_claimed"] == 12000


def test_the_public_form_is_the_web_channel_and_needs_no_login():
    uow = FakeRightsUnitOfWork()
    body = complaint_body()
    del body["channel"]
    case = cases.take_public_complaint(uow, body, now=NOW)
    assert case["channel"] == "web" and case["created_by"]["role"] == "anonymous"


@pytest.mark.parametrize("role", ["police_officer", "leader", "worker", "justice_officer"])
def test_roles_that_do_not_take_complaints_are_refused(role):
    with pytest.raises(NotAllowed):
        new_case(who=actor(role))


def test_a_township_files_for_its_own_township_only():
    _, case = new_case(who=actor("township_staff"), channel="township", township_code=None)
    assert case["township_code"] == TOWN
    with pytest.raises(InvalidField) as e:
        new_case(who=actor("township_staff"), township_code=OTHER_TOWN)
    assert "township_code" in e.value.fields


def test_an_unknown_township_is_refused_by_name():
    uow = FakeRightsUnitOfWork()
    with pytest.raises(InvalidField) as e:
        cases.take_complaint(uow, complaint_body(township_code="411325999"), STAFF, now=NOW,
                             townships={TOWN: "城关镇"})
    assert e.value.fields == {"township_code": "未知的乡镇代码"}


def test_an_agency_respondent_links_to_the_licensing_record():
    uow = FakeRightsUnitOfWork()
    uow.agencies.upsert("ag-1", {"name": "内乡县宏达职业介绍所", "license_number": "豫职介001",
                                 "status": "licensed"}, "2026-01-01T00:00:00Z")
    body = complaint_body(category="fees", respondent={"type": "agency", "id": "ag-1", "name": "宏达"})
    case = cases.take_complaint(uow, body, STAFF, now=NOW)
    assert case["respondent"]["name"] == "内乡县宏达职业介绍所"
    assert uow.events_of("case.opened")[0]["data"]["respondent_id"] == "ag-1"
    with pytest.raises(InvalidField) as e:
        cases.take_complaint(uow, complaint_body(respondent={"type": "agency", "id": "nope",
                                                             "name": "某中介"}), STAFF, now=NOW)
    assert "respondent.id" in e.value.fields


def test_deadlines_come_from_the_data_table_per_category():
    for category, days in DEADLINE_DAYS.items():
        _, case = new_case(category=category)
        assert case["due_date"] == (NOW.date().fromordinal(NOW.date().toordinal() + days)).isoformat()
    assert DEADLINE_DAYS["fees"] != DEADLINE_DAYS["injury"]


def test_a_deadline_table_missing_a_category_is_refused(tmp_path):
    path = tmp_path / "d.json"
    path.write_text('{"wage_arrears": 30}')
    with pytest.raises(ValueError):
        load_deadlines(path)


def test_a_wage_alert_draft_becomes_a_complaint_once():
    from services.rights.service_layer import intake_sources
    uow = FakeRightsUnitOfWork()
    event = {"type": "placement.wage_unpaid", "data": {
        "placement_id": "pl-1", "person_id": "p-1", "township_code": TOWN, "employer_id": "e-1",
        "employer_name": "某建筑公司", "reported_at": "2026-03-01T00:00:00Z"}}
    intake_sources.on_wage_unpaid(uow, event)
    intake_sources.on_wage_unpaid(uow, event)  # redelivered: still one draft
    assert [d["_id"] for d in intake_sources.open_drafts(uow, STAFF)] == ["pl-1"]
    _, case = new_case(uow, draft_id="pl-1")
    assert case["from_draft"] == "pl-1" and not intake_sources.open_drafts(uow, STAFF)
    with pytest.raises(InvalidField):
        new_case(uow, draft_id="pl-1")
