from datetime import date, datetime, timezone

import pytest

from services.common.domain.errors import InvalidField, NotAllowed, OutOfRegion
from services.registry.domain.event_data import registered as registered_event_data
from services.registry.domain.person import new_person
from services.registry.domain.privacy import person_view
from tests.support.factories import actor
from tests.support.factories import person_body as body
from tests.support.registry_fakes import REGIONS

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)
staff, liaison = actor("township_staff"), actor("village_liaison")
admin, leader = actor("county_admin"), actor("leader")


def test_seed_has_the_16_townships_each_with_villages():
    assert len(REGIONS.townships) == 16
    assert REGIONS.townships["411325100"] == "城关镇"
    for code in REGIONS.townships:
        assert any(parent == code for _, parent in REGIONS.villages.values())


def test_registration_derives_birth_date_and_sex_and_attributes_the_user():
    p = new_person(body(), staff, REGIONS, NOW, date(2026, 11, 27))
    assert (p["birth_date"], p["sex"], p["status"]) == ("1990-05-04", "male", "surplus")
    assert p["created_by"] == {"user_id": "u-township_staff", "username": "township_staff",
                               "role": "township_staff"}


@pytest.mark.parametrize("over, field", [
    ({"township_code": "411325999"}, "township_code"),
    ({"village_code": "411325999201"}, "village_code"),
    ({"village_code": "411325101201"}, "village_code"),  # a village of another township
])
def test_region_codes_are_checked(over, field):
    with pytest.raises(InvalidField) as e:
        new_person(body(**over), admin, REGIONS, NOW)
    assert field in e.value.fields


@pytest.mark.parametrize("user, over", [
    (staff, {"township_code": "411325101", "village_code": "411325101201"}),
    (liaison, {"village_code": "411325100202"}),
])
def test_users_register_only_in_their_region(user, over):
    with pytest.raises(OutOfRegion):
        new_person(body(**over), user, REGIONS, NOW)


def test_leader_cannot_register():
    with pytest.raises(NotAllowed):
        new_person(body(), leader, REGIONS, NOW)


def test_view_masks_personal_data_outside_the_keepers():
    p = new_person(body(), admin, REGIONS, NOW)
    assert person_view(p, staff)["id_number"] == p["id_number"]
    assert "*" in person_view(p, leader)["id_number"] and "*" in person_view(p, leader)["phone"]


def test_event_carries_no_personal_identifiers():
    p = new_person(body(), admin, REGIONS, NOW)
    data = registered_event_data(p)
    assert not {"id_number", "phone", "name"} & set(data)
    assert p["id_number"] not in str(data)
