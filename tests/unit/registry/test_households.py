"""Households and the Spring Festival re-check: a township opens it, liaisons confirm or
update each household's members in one go, the township sees progress per village."""
from datetime import datetime, timezone

import pytest

from services.common.domain.errors import (Duplicate, InvalidField, NotAllowed, OutOfRegion,
                                           StaleVersion)
from services.registry.service_layer import households as hh
from services.registry.service_layer import persons
from tests.support.factories import OTHER_VILLAGE, VILLAGE, actor, person_body
from tests.support.ids import make_id_number
from tests.support.registry_fakes import REGIONS, FakeRegistryUnitOfWork

NOW = datetime(2026, 1, 20, tzinfo=timezone.utc)
liaison, staff = actor("village_liaison"), actor("township_staff")


def setup():
    uow = FakeRegistryUnitOfWork()
    h = hh.add_household(uow, REGIONS, {"number": "０１２", "village_code": VILLAGE, "group_name": "三组"}, liaison)
    a = persons.register_person(uow, REGIONS, person_body(household_id=h["_id"]), liaison, now=NOW)
    b = persons.register_person(uow, REGIONS, person_body(name="李小", household_id=h["_id"],
                                                          id_number=make_id_number()), liaison, now=NOW)
    hh.add_household(uow, REGIONS, {"number": "013", "village_code": "411325100202"}, staff)
    return uow, h, a, b


def test_a_household_has_its_members_and_a_unique_number_per_village():
    uow, h, a, b = setup()
    assert h["number"] == "012"
    _, members = hh.household_members(uow, h["_id"], liaison)
    assert {m["_id"] for m in members} == {a["_id"], b["_id"]}
    with pytest.raises(Duplicate):
        hh.add_household(uow, REGIONS, {"number": "012", "village_code": VILLAGE}, liaison)
    with pytest.raises(OutOfRegion):
        hh.add_household(uow, REGIONS, {"number": "1", "village_code": OTHER_VILLAGE}, liaison)
    with pytest.raises(InvalidField):  # a household of another village
        other = hh.list_households(uow, staff, "411325100202")[0]
        persons.register_person(uow, REGIONS, person_body(household_id=other["_id"], id_number=make_id_number()),
                                staff, now=NOW)


def test_the_re_check_updates_members_in_one_go_and_shows_progress():
    uow, h, a, b = setup()
    c = hh.open_campaign(uow, {"name": "2026 年春节返乡核查", "year": 2026}, staff)
    with pytest.raises(NotAllowed):
        hh.open_campaign(uow, {"name": "x", "year": 2026}, liaison)
    hh.confirm_household(uow, c["_id"], h["_id"], {"members": [
        {"person_id": a["_id"], "version": 1, "status": "migrant", "employer": "富士康", "city": "郑州",
         "destination": "in_province", "organization": "organized", "monthly_income": 5000,
         "income": 48000, "income_year": 2025},
        {"person_id": b["_id"], "version": 1}]}, liaison, now=NOW)
    after = uow.persons.get(a["_id"])
    assert after["status"] == "migrant" and after["incomes"][0]["amount"] == 48000
    assert uow.persons.get(b["_id"])["confirmed_at"] == NOW
    assert uow.events_of("person.status_changed") and uow.events_of("income.reported")
    progress = hh.campaign_progress(uow, c["_id"], staff, REGIONS)
    assert (progress["households"], progress["confirmed"]) == (2, 1)
    by_village = {v["village_code"]: v for v in progress["villages"]}
    assert by_village[VILLAGE]["ratio"] == 1.0 and by_village["411325100202"]["confirmed"] == 0


def test_a_stale_member_or_a_stranger_rolls_the_whole_household_back():
    uow, h, a, b = setup()
    c = hh.open_campaign(uow, {"name": "核查", "year": 2026}, staff)
    with pytest.raises(StaleVersion):
        hh.confirm_household(uow, c["_id"], h["_id"], {"members": [
            {"person_id": a["_id"], "version": 1, "status": "migrant"},
            {"person_id": b["_id"], "version": 9}]}, liaison, now=NOW)
    assert uow.persons.get(a["_id"])["status"] == "surplus" and not uow.campaigns.confirmations
    stranger = persons.register_person(uow, REGIONS, person_body(id_number=make_id_number()), liaison)
    with pytest.raises(InvalidField):
        hh.confirm_household(uow, c["_id"], h["_id"], {"members": [
            {"person_id": stranger["_id"], "version": 1}]}, liaison)
