"""The worker publishes data_quality.measured once per China day per township, however often
its clock ticks or however many workers run; the next day publishes again; the events pass the
registry's published schema."""
from datetime import datetime, timedelta, timezone

from services.common.domain.errors import Duplicate
from services.common.events.catalog import validate_event
from services.registry.handlers import quality_ticker
from services.registry.service_layer import persons
from services.registry.service_layer.quality import publish_daily
from tests.support.factories import actor, person_body
from tests.support.ids import make_id_number
from tests.support.registry_fakes import REGIONS, FakeRegistryUnitOfWork

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=timezone.utc)  # 11:00 in China


def _two_townships():
    uow = FakeRegistryUnitOfWork()
    admin = actor("county_admin")
    persons.register_person(uow, REGIONS, person_body(), admin, now=NOW)
    persons.register_person(uow, REGIONS, person_body(id_number=make_id_number(), township_code="411325101",
                                                      village_code=_village_of("411325101")), admin, now=NOW)
    return uow


def _village_of(town):
    return next(code for code, (_, t) in sorted(REGIONS.villages.items()) if t == town)


def test_one_event_per_township_once_a_day_and_again_the_next_day():
    uow = _two_townships()
    assert publish_daily(uow.persons, uow, NOW) == 2
    events = uow.events_of("data_quality.measured")
    assert sorted(e["data"]["township_code"] for e in events) == ["411325100", "411325101"]
    for e in events:
        validate_event(e)
        assert e["actor"]["role"] == "system" and e["correlation_id"] == "data-quality-2026-11-27"
    # later the same China day (23:59 there, still 2026-11-27): nothing more
    assert publish_daily(uow.persons, uow, NOW + timedelta(hours=12, minutes=59)) == 0
    assert len(uow.events_of("data_quality.measured")) == 2
    # 00:30 the next day in China (16:30 UTC): published again
    assert publish_daily(uow.persons, uow, NOW + timedelta(hours=13, minutes=30)) == 2
    assert len(uow.events_of("data_quality.measured")) == 4
    assert sorted(uow.quality_runs.rows) == ["2026-11-27", "2026-11-28"]


def test_a_second_worker_that_loses_the_race_publishes_nothing():
    uow = _two_townships()

    class RacedRuns(type(uow.quality_runs)):
        """The day's record is absent when read, but another worker inserts it first."""
        def add(self, doc):
            raise Duplicate("当日数据质量已发布", {"id": "已存在"})

    uow.quality_runs = RacedRuns()
    assert publish_daily(uow.persons, uow, NOW) == 0
    assert uow.events_of("data_quality.measured") == []


def test_the_worker_tick_runs_the_daily_publication():
    uow = _two_townships()

    class Registry:  # the composition root's two doors the tick uses
        def reader(self):
            return uow.persons

        def uow(self):
            return uow

    assert quality_ticker.tick(Registry(), NOW) == 2
    assert quality_ticker.tick(Registry(), NOW) == 0
    assert len(uow.events_of("data_quality.measured")) == 2
