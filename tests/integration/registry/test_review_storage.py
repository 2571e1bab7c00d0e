"""The review features against a real MongoDB (the registry's own unit of work): the day's
data-quality run is one record and its events one outbox batch, a second run of the day adds
nothing; a campaign's confirmations read back per household; the duplicates review lists a
flagged pair and “not a duplicate” clears the flags the storage filter looks for."""
import uuid
from datetime import date, datetime, timezone

import pytest

from services.registry.service_layer import duplicates, households, persons
from services.registry.service_layer.quality import publish_daily
from services.registry.service_layer.unit_of_work import RegistryUnitOfWork
from services.registry.storage.households import ensure_household_indexes
from services.registry.storage.persons import PersonRepository, ensure_indexes
from tests.support.factories import OTHER_TOWN, OTHER_VILLAGE, actor, person_body
from tests.support.ids import make_id_number
from tests.support.registry_fakes import REGIONS

NOW = datetime(2026, 11, 27, 4, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def db(mongo):
    name = "lex_registry_review_" + uuid.uuid4().hex[:8]
    database = mongo[name]
    ensure_indexes(database)
    ensure_household_indexes(database)
    yield database
    mongo.drop_database(name)


@pytest.fixture
def uow(mongo, db):
    return lambda: RegistryUnitOfWork(mongo, db)


def test_the_days_data_quality_is_published_once(uow, db):
    admin = actor("county_admin")
    persons.register_person(uow(), REGIONS, person_body(), admin, now=NOW)
    persons.register_person(uow(), REGIONS, person_body(id_number=make_id_number(), township_code=OTHER_TOWN,
                                                        village_code=OTHER_VILLAGE), admin, now=NOW)
    reader = PersonRepository(db, None)
    assert publish_daily(reader, uow(), NOW) == 2
    assert publish_daily(reader, uow(), NOW) == 0
    assert [r["_id"] for r in db.quality_runs.find()] == ["2026-11-27"]
    outbox = list(db.outbox.find({"event.type": "data_quality.measured"}))
    assert sorted(o["key"] for o in outbox) == ["411325100", "411325101"]
    assert {o["event"]["correlation_id"] for o in outbox} == {"data-quality-2026-11-27"}


def test_a_campaigns_confirmations_read_back_per_household(uow):
    town = actor("township_staff")
    h = households.add_household(uow(), REGIONS, {"number": "IT-1", "village_code": "411325100201"}, town)
    other = households.add_household(uow(), REGIONS, {"number": "IT-2", "village_code": "411325100201"}, town)
    p = persons.register_person(uow(), REGIONS, person_body(id_number=make_id_number(), household_id=h["_id"]),
                                town, now=NOW)
    c = households.open_campaign(uow(), {"name": "核查", "year": 2027}, town)
    households.confirm_household(uow(), c["_id"], h["_id"], {"members": [{"person_id": p["_id"], "version": 1}]},
                                 actor("village_liaison"))
    _, rows = households.campaign_households(uow(), c["_id"], town)
    by_id = {r["_id"]: r for r in rows}
    assert by_id[h["_id"]]["confirmation"]["by"]["username"] == "village_liaison"
    assert by_id[h["_id"]]["members"] == 1
    assert by_id[other["_id"]]["confirmation"] is None
    assert [x["_id"] for x in households.list_campaigns(uow(), town)] == [c["_id"]]


def test_a_flagged_pair_is_listed_then_dismissed(uow, db):
    admin = actor("county_admin")
    born = date(1966, 6, 6)
    a = persons.register_person(uow(), REGIONS, person_body(name="蒋重复", id_number=make_id_number(born, True)),
                                admin, now=NOW)
    b = persons.register_person(uow(), REGIONS, person_body(name="蒋重复", id_number=make_id_number(born, True)),
                                admin, now=NOW)
    found = duplicates.list_pairs(uow(), admin, 1, 50, {"ip": "127.0.0.1"})
    pair = [(x["_id"], y["_id"]) for x, y in found["pairs"] if x["name"] == "蒋重复"]
    assert pair == [tuple(sorted((a["_id"], b["_id"])))]
    assert db.personal_data_reads.count_documents({"detail.view": "duplicates", "person_ids": a["_id"]}) == 1
    version = db.persons.find_one({"_id": a["_id"]})["version"]
    duplicates.dismiss_duplicate(uow(), a["_id"], b["_id"], admin, version)
    found = duplicates.list_pairs(uow(), admin, 1, 50)
    assert not [x for x, _ in found["pairs"] if x["name"] == "蒋重复"]
    assert db.person_changes.count_documents({"action": "duplicate_dismissed",
                                              "person_id": {"$in": [a["_id"], b["_id"]]}}) == 2
