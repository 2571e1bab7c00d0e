"""The licence workflow through its use cases: every transition allowed and refused, the
commerce record that makes an agency operating, expiry by date, and each event."""
from datetime import date, datetime, timezone

import pytest

from services.common.domain.errors import (Duplicate, InvalidField, InvalidTransition, NotAllowed,
                                           RuleBroken)
from services.licensing.domain.agency import add_years, agency_view, is_operating
from services.common.domain.credit_code import InvalidCreditCode, parse_credit_code
from services.licensing.service_layer import agencies
from tests.support.licensing_fakes import FakeLicensingUnitOfWork, application_body, credit_code

from .helpers import COMMERCE, LABOR, LEADER, NOW, POLICE, licensed_agency


def test_credit_code_check_digit():
    assert parse_credit_code(credit_code(7).lower()) == credit_code(7)
    bad = credit_code(7)[:17] + ("0" if credit_code(7)[17] != "0" else "1")
    with pytest.raises(InvalidCreditCode, match="校验码"):
        parse_credit_code(bad)
    with pytest.raises(InvalidCreditCode, match="18"):
        parse_credit_code("91411325")


def test_application_is_stored_as_applied_and_announces_nothing():
    uow = FakeLicensingUnitOfWork()
    agency = agencies.apply(uow, application_body(), LABOR, now=NOW)
    assert uow.agencies.get(agency["_id"])["status"] == "applied"
    assert agency["score"] == 100 and agency["created_by"]["username"] == "county_admin"
    assert not uow.published


def test_application_refuses_bad_credit_code_duplicates_and_other_roles():
    uow = FakeLicensingUnitOfWork()
    with pytest.raises(InvalidField) as e:
        agencies.apply(uow, application_body(credit_code="91411325MA00000011"), LABOR, now=NOW)
    assert "credit_code" in e.value.fields
    agencies.apply(uow, application_body(), LABOR, now=NOW)
    with pytest.raises(Duplicate):
        agencies.apply(uow, application_body(name="另一家中介"), LABOR, now=NOW)
    with pytest.raises(NotAllowed):
        agencies.apply(uow, application_body(2), POLICE, now=NOW)
    staff = [{"name": "甲乙", "certificate_number": "ZJ000001"}] * 2
    with pytest.raises(InvalidField):
        agencies.apply(uow, application_body(3, staff=staff), LABOR, now=NOW)


def test_approval_issues_a_numbered_three_year_licence_and_announces_it():
    uow, agency = licensed_agency(operating=False)
    assert agency["status"] == "licensed"
    assert agency["license_number"] == "豫宛内职介〔2026〕0001号"
    assert (agency["issued_on"], agency["valid_until"]) == ("2026-03-02", "2029-03-02")
    [event] = uow.events_of("agency.licensed")
    assert event["data"]["license_number"] == agency["license_number"] and event["data"]["score"] == 100
    assert "13937700001" not in str(event) and "李红" not in str(event)
    assert [e["action"] for e in agency["log"]] == ["review", "approve"]
    assert agency["log"][-1]["by"]["username"] == "county_admin"
    _, second = licensed_agency(uow, 2)
    assert second["license_number"] == "豫宛内职介〔2026〕0002号"


def test_approve_needs_review_first_and_reject_needs_reasons():
    uow = FakeLicensingUnitOfWork()
    agency = agencies.apply(uow, application_body(), LABOR, now=NOW)
    with pytest.raises(InvalidTransition):
        agencies.decide(uow, agency["_id"], "approve", LABOR, now=NOW)
    with pytest.raises(InvalidField):
        agencies.decide(uow, agency["_id"], "reject", LABOR, now=NOW)
    rejected = agencies.decide(uow, agency["_id"], "reject", LABOR, "场所面积不足", now=NOW)
    assert rejected["status"] == "rejected" and rejected["log"][-1]["reason"] == "场所面积不足"
    with pytest.raises(InvalidTransition):
        agencies.decide(uow, agency["_id"], "review", LABOR, now=NOW)
    assert not uow.published


def test_only_the_labor_office_decides():
    uow = FakeLicensingUnitOfWork()
    agency = agencies.apply(uow, application_body(), LABOR, now=NOW)
    for who in (POLICE, COMMERCE, LEADER):
        with pytest.raises(NotAllowed):
            agencies.decide(uow, agency["_id"], "review", who, now=NOW)


def test_business_license_is_commerces_and_makes_the_agency_operating():
    uow, agency = licensed_agency(operating=False)
    assert not is_operating(agency)
    with pytest.raises(NotAllowed):
        agencies.record_business_license(uow, agency["_id"], {"number": "411325000000001",
                                                               "registered_on": "2026-03-05"}, LABOR)
    agency = agencies.record_business_license(uow, agency["_id"], {"number": "411325000000001",
                                                                    "registered_on": "2026-03-05"}, COMMERCE)
    assert is_operating(agency) and agency["business_license"]["entered_by"]["role"] == "commerce_officer"


def test_business_license_before_the_labor_licence_is_refused():
    uow = FakeLicensingUnitOfWork()
    agency = agencies.apply(uow, application_body(), LABOR, now=NOW)
    with pytest.raises(RuleBroken, match="职业介绍许可证"):
        agencies.record_business_license(uow, agency["_id"], {"number": "411325000000001",
                                                               "registered_on": "2026-03-05"}, COMMERCE)


def test_suspend_reinstate_revoke_with_reasons_and_events():
    uow, agency = licensed_agency()
    with pytest.raises(InvalidField):
        agencies.decide(uow, agency["_id"], "suspend", LABOR, now=NOW)
    agency = agencies.decide(uow, agency["_id"], "suspend", LABOR, "超标准收费", now=NOW)
    assert agency["status"] == "suspended" and not is_operating(agency)
    agency = agencies.decide(uow, agency["_id"], "reinstate", LABOR, "已整改", now=NOW)
    assert agency["status"] == "licensed" and is_operating(agency)
    agency = agencies.decide(uow, agency["_id"], "revoke", LABOR, "发布虚假招聘信息", now=NOW)
    assert agency["status"] == "revoked" and agency["log"][-1]["by"]["username"] == "county_admin"
    types = [e["type"] for e in uow.published]
    assert types[-3:] == ["agency.suspended", "agency.reinstated", "agency.revoked"]
    assert uow.events_of("agency.revoked")[0]["data"]["reason"] == "发布虚假招聘信息"


def test_a_revoked_licence_cannot_be_renewed_nor_reinstated():
    uow, agency = licensed_agency()
    agencies.decide(uow, agency["_id"], "revoke", LABOR, "非法收费", now=NOW)
    with pytest.raises(RuleBroken, match="吊销"):
        agencies.decide(uow, agency["_id"], "renew", LABOR, now=NOW)
    with pytest.raises(InvalidTransition):
        agencies.decide(uow, agency["_id"], "reinstate", LABOR, "x", now=NOW)


def test_renewal_adds_three_years_from_the_current_expiry():
    uow, agency = licensed_agency()
    later = datetime(2028, 12, 1, tzinfo=timezone.utc)
    agency = agencies.decide(uow, agency["_id"], "renew", LABOR, now=later)
    assert agency["valid_until"] == "2032-03-02"
    assert uow.events_of("agency.renewed")[0]["data"]["valid_until"] == "2032-03-02"
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)


def test_expiry_by_date_happens_once_with_its_event_and_renewal_restores():
    uow, agency = licensed_agency()
    assert agencies.expire_due(uow, today=date(2029, 3, 2)) == []  # still valid that day
    assert agencies.expire_due(uow, today=date(2029, 3, 3)) == [agency["_id"]]
    assert uow.agencies.get(agency["_id"])["status"] == "expired"
    assert agencies.expire_due(uow, today=date(2029, 3, 4)) == []
    [event] = uow.events_of("agency.expired")
    assert "2029-03-02" in event["data"]["reason"]
    renewed = agencies.decide(uow, agency["_id"], "renew", LABOR,
                              now=datetime(2029, 4, 1, tzinfo=timezone.utc))
    assert renewed["status"] == "licensed" and renewed["valid_until"] == "2032-04-01"


def test_change_of_address_representative_and_staff_keeps_the_old_values():
    uow, agency = licensed_agency()
    agency = agencies.change(uow, agency["_id"], {"kind": "address", "address": "内乡县湍东镇 8 号"}, LABOR)
    agency = agencies.change(uow, agency["_id"], {"kind": "legal_representative",
                                                  "legal_representative": "周新"}, LABOR)
    agency = agencies.change(uow, agency["_id"], {"kind": "staff", "staff": [
        {"name": "孙丽", "certificate_number": "ZJ20269901"}]}, LABOR)
    assert agency["address"] == "内乡县湍东镇 8 号" and agency["legal_representative"] == "周新"
    assert [c["kind"] for c in agency["changes"]] == ["address", "legal_representative", "staff"]
    assert agency["changes"][0]["old"] == "内乡县城关镇菊潭大街 18 号"
    with pytest.raises(InvalidField):
        agencies.change(uow, agency["_id"], {"kind": "address"}, LABOR)
    fresh = agencies.apply(uow, application_body(5), LABOR)
    with pytest.raises(RuleBroken):
        agencies.change(uow, fresh["_id"], {"kind": "address", "address": "某地"}, LABOR)


def test_staff_certificates_and_phone_are_masked_outside_the_keepers():
    _, agency = licensed_agency()
    full = agency_view(agency, LABOR)
    assert full["contact_phone"] == "13937700001" and full["operating"] is True
    masked = agency_view(agency, POLICE)
    assert masked["contact_phone"] == "139****0001"
    assert all(s["certificate_number"].endswith("****") for s in masked["staff"])
    assert agency_view(agency, COMMERCE)["contact_phone"] == "13937700001"
