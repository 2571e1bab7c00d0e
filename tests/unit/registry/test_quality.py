"""Data quality: completeness of the plan's fields and confirmation within a year, per
township and village, published as data_quality.measured."""
from datetime import datetime, timedelta, timezone

import pytest

from services.common.domain.errors import NotAllowed
from services.registry.domain.quality import completeness
from services.registry.service_layer import persons
from services.registry.service_layer.quality import publish_quality, quality
from tests.support.factories import actor, person_body
from tests.support.ids import make_id_number
from tests.support.registry_fakes import REGIONS, FakeRegistryUnitOfWork

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)


def test_completeness_counts_the_plan_fields():
    bare = persons.register_person(FakeRegistryUnitOfWork(), REGIONS, person_body(), actor("county_admin"), now=NOW)
    assert completeness(bare) == pytest.approx(5 / 17)


def test_figures_per_township_and_village_and_the_event():
    uow = FakeRegistryUnitOfWork()
    persons.register_person(uow, REGIONS, person_body(education="primary"), actor("county_admin"),
                            now=NOW - timedelta(days=400))
    persons.register_person(uow, REGIONS, person_body(id_number=make_id_number()), actor("county_admin"), now=NOW)
    figures = quality(uow.persons, actor("township_staff"), NOW)
    town = figures["411325100"]
    assert town["persons"] == 2 and town["confirmed_within_year"] == 0.5
    assert town["villages"]["411325100201"]["persons"] == 2
    assert publish_quality(uow.persons, uow, actor("county_admin"), NOW) == 1
    [event] = uow.events_of("data_quality.measured")
    assert event["data"]["township_code"] == "411325100" and event["data"]["persons"] == 2
    with pytest.raises(NotAllowed):
        quality(uow.persons, actor("village_liaison"), NOW)
    with pytest.raises(NotAllowed):
        publish_quality(uow.persons, uow, actor("leader"), NOW)
