"""The person repository against a real MongoDB: the search filter and the statistics
pipeline mean what the in-memory fake means, batches of an import commit together, and the
unique index holds on the normalised ID number."""
import uuid
from datetime import date, datetime, timezone

import pytest

from services.common.domain.errors import Duplicate
from services.registry.domain.person import new_person
from services.registry.domain.search import matches, parse_criteria
from services.registry.storage.imports import ImportRepository
from services.registry.storage.persons import PersonRepository, ensure_indexes
from services.registry.storage.stats import counts
from tests.support.factories import OTHER_TOWN, OTHER_VILLAGE, actor, person_body
from tests.support.ids import make_id_number
from tests.support.registry_fakes import REGIONS, fake_stats

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def db(mongo):
    name = "lex_registry_it_" + uuid.uuid4().hex[:8]
    database = mongo[name]
    ensure_indexes(database)
    people = [
        new_person(person_body(id_number=make_id_number(date(2000, 1, 1), male=True), skills=["电焊"],
                               intended_industries=["construction"], training_intention="电工"),
                   actor("county_admin"), REGIONS, NOW),
        new_person(person_body(name="王芳", id_number=make_id_number(date(1980, 1, 1), male=False),
                               education="primary", new_entrant=True),
                   actor("county_admin"), REGIONS, NOW),
        new_person(person_body(name="王强", id_number=make_id_number(date(1990, 6, 1), male=True),
                               township_code=OTHER_TOWN, village_code=OTHER_VILLAGE,
                               intended_industries=["construction", "catering"]),
                   actor("county_admin"), REGIONS, NOW),
    ]
    ImportRepository(database).add_batch(mongo, people, {"person_id": [p["_id"] for p in people]}, [], "it")
    yield database
    mongo.drop_database(name)


@pytest.mark.parametrize("args", [
    {}, {"name": "王"}, {"age_band": "16-25"}, {"age_band": "46-60"}, {"skill": "电焊"},
    {"education": "小学"}, {"new_entrant": "true"}, {"new_entrant": "false"},
    {"has_training_intention": "true"}, {"intended_industry": "construction"},
    {"township_code": "411325100", "sex": "female"}, {"sort": "name"}, {"labor_age": "true"},
])
def test_search_filters_mean_what_the_fake_means(db, args):
    c = parse_criteria(args, TODAY)
    repo = PersonRepository(db, None)
    found, total = repo.search_visible_to(actor("county_admin"), c, 0, 50)
    expected = [p for p in db.persons.find() if matches(p, c)]
    assert total == len(expected) and {p["_id"] for p in found} == {p["_id"] for p in expected}


def test_scope_limits_the_township_user(db):
    found, total = PersonRepository(db, None).search_visible_to(actor("township_staff"), {}, 0, 50)
    assert total == 2 and all(p["township_code"] == "411325100" for p in found)


@pytest.mark.parametrize("group_by", ["township", "age_band", "sex", "education", "industry"])
def test_statistics_pipeline_counts_what_the_fake_counts(db, group_by):
    got = sorted(counts(db, {}, {}, group_by, TODAY), key=str)
    want = fake_stats(list(db.persons.find()), group_by, TODAY)
    assert sorted(got, key=str) == sorted(want, key=str)


def test_the_unique_index_holds_on_the_normalised_number(db, mongo):
    existing = db.persons.find_one()
    twin = new_person(person_body(id_number=existing["id_number"].translate(
        str.maketrans("0123456789", "０１２３４５６７８９"))), actor("county_admin"), REGIONS, NOW)
    with pytest.raises(Duplicate):
        PersonRepository(db, None).add(twin)


@pytest.mark.parametrize("limit", [1, 2, 50])
def test_a_page_read_in_a_transaction_has_its_rows(db, mongo, limit):
    with mongo.start_session() as s:
        s.start_transaction()
        found, total = PersonRepository(db, s).search_visible_to(actor("county_admin"),
                                                                 {"sort": "-created_at"}, 0, limit)
        s.abort_transaction()
    assert total == 3 and len(found) == min(limit, 3)
