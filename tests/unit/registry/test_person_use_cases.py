"""Registry use cases against fakes: duplicates, region rules and the events they emit."""
import pytest

from services.common.domain.errors import Duplicate, NotAllowed, NotFound, OutOfRegion
from services.registry.service_layer import persons as use_cases
from tests.support.factories import OTHER_TOWN, OTHER_VILLAGE, actor, person_body
from tests.support.registry_fakes import REGIONS, FakeRegistryUnitOfWork


def register(uow, who="township_staff", **over):
    return use_cases.register_person(uow, REGIONS, person_body(**over), actor(who), "corr-1")


def test_registration_is_stored_and_announced_once():
    uow = FakeRegistryUnitOfWork()
    person = register(uow)
    assert uow.committed and uow.persons.get(person["_id"])["status"] == "surplus"
    [event] = uow.events_of("person.registered")
    assert event["subject"] == person["_id"] and event["correlation_id"] == "corr-1"
    assert person["id_number"] not in str(event)


def test_a_duplicate_id_number_is_refused_and_announces_nothing():
    uow = FakeRegistryUnitOfWork()
    body = person_body()
    use_cases.register_person(uow, REGIONS, body, actor("county_admin"))
    with pytest.raises(Duplicate):
        use_cases.register_person(uow, REGIONS, dict(body), actor("county_admin"))
    assert len(uow.persons.rows) == 1 and len(uow.published) == 1


def test_township_staff_cannot_register_in_another_township():
    uow = FakeRegistryUnitOfWork()
    with pytest.raises(OutOfRegion):
        register(uow, township_code=OTHER_TOWN, village_code=OTHER_VILLAGE)
    assert not uow.persons.rows and not uow.published


def test_reading_is_scoped_to_the_region():
    uow = FakeRegistryUnitOfWork()
    person = register(uow, "county_admin", township_code=OTHER_TOWN, village_code=OTHER_VILLAGE)
    assert use_cases.get_person(uow, person["_id"], actor("leader"))["_id"] == person["_id"]
    with pytest.raises(OutOfRegion):
        use_cases.get_person(uow, person["_id"], actor("township_staff"))
    with pytest.raises(NotAllowed):
        use_cases.get_person(uow, person["_id"], actor("police_officer", department="police"))
    with pytest.raises(NotFound):
        use_cases.get_person(uow, "nobody", actor("county_admin"))


def test_listing_shows_only_the_actors_region():
    uow = FakeRegistryUnitOfWork()
    mine = register(uow)
    register(uow, "county_admin", township_code=OTHER_TOWN, village_code=OTHER_VILLAGE)
    items, total = use_cases.list_persons(uow, actor("township_staff"), {}, 1, 20)
    assert total == 1 and items[0]["_id"] == mine["_id"]
    _, everyone = use_cases.list_persons(uow, actor("county_admin"), {}, 1, 20)
    assert everyone == 2


def test_a_use_case_that_fails_after_writing_leaves_nothing():
    uow = FakeRegistryUnitOfWork()
    body = person_body()

    def fail(_event, **_options):
        raise RuntimeError("broker refused")
    uow.publish = fail
    with pytest.raises(RuntimeError):
        use_cases.register_person(uow, REGIONS, body, actor("county_admin"))
    assert not uow.persons.rows and not uow.committed
