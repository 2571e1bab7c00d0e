"""Issue 6 item 1: per role, what a person's view shows (docs/personal-data.md). In a masked
view no field, nor any combination of them, gives the birth date, sequence or check digit of
the ID number, nor more than the carrier prefix of the phone."""
from datetime import date, datetime, timezone

import pytest

from services.registry.domain.event_data import registered
from services.registry.domain.person import new_person
from services.registry.domain.privacy import person_view
from tests.support.factories import OTHER_TOWN, OTHER_VILLAGE, actor, person_body
from tests.support.registry_fakes import REGIONS

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
TODAY = date(2026, 11, 27)
# a fixed record id without digits: a random uuid's hex held one of the hidden ID number's
# 4-digit runs now and then (about 1 run in 500), and `leaks` saw that as a leak
PERSON = dict(new_person(person_body(job_intention="电焊,电话13912345678", skills=["电工证411325199001011230"]),
                         actor("county_admin"), REGIONS, NOW), _id="abcdef" * 5 + "ab")


def leaks(view: dict, secret: str, public: int) -> bool:
    """Does any 4 digits of what the view keeps hidden (past the `public` prefix) appear?"""
    text = str(view)
    tail = secret[public:]
    return any(tail[i:i + 4] in text for i in range(len(tail) - 3))


@pytest.mark.parametrize("role", ["county_admin", "township_staff", "village_liaison"])
def test_keepers_of_the_region_see_the_record(role):
    view = person_view(PERSON, actor(role), TODAY)
    assert not view["masked"]
    assert view["id_number"] == PERSON["id_number"] and view["phone"] == PERSON["phone"]
    assert view["birth_date"] == PERSON["birth_date"]


@pytest.mark.parametrize("who", [actor("leader"),
                                 actor("township_staff", region=OTHER_TOWN),
                                 actor("village_liaison", region=OTHER_VILLAGE),
                                 actor("police_officer", department="police")])
def test_everyone_else_sees_a_view_that_rebuilds_nothing(who):
    view = person_view(PERSON, who, TODAY)
    assert view["masked"]
    assert "birth_date" not in view and view["birth_year"] == 1990 and view["age"] == 36
    assert view["id_number"] == "411325" + "*" * 12
    assert view["phone"] == "138" + "*" * 8
    assert not leaks(view, PERSON["id_number"], 10)  # area and birth year are shown
    assert not leaks(view, PERSON["phone"], 3)
    assert "13912345678" not in str(view) and "199001011230" not in str(view)
    assert "created_by" not in view


def test_events_carry_no_identifiers_and_masked_free_text():
    data = registered(PERSON)
    assert not {"id_number", "phone", "name"} & set(data)
    assert "13912345678" not in str(data) and PERSON["id_number"] not in str(data)
    assert data["job_intention"].startswith("电焊")
