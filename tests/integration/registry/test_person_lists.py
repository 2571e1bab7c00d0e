"""Lists of a township by education (and age band) against the real MongoDB: the repository
sends only the compound index's fields and checks the rest itself (storage/persons.py,
township_served); the page and total are exactly what the whole filter, sorted by MongoDB,
gives, for every sort, with merged records, other townships and sex or status."""
import random
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from services.registry.domain.person import new_person
from services.registry.domain.search import parse_criteria
from services.registry.storage.imports import ImportRepository
from services.registry.storage.persons import PersonRepository, ensure_indexes, person_query, sort_spec, \
    township_served
from tests.support.factories import OTHER_TOWN, OTHER_VILLAGE, TOWN, VILLAGE, actor, person_body
from tests.support.ids import make_id_number
from tests.support.registry_fakes import REGIONS

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def db(mongo):
    name = "lex_registry_lists_" + uuid.uuid4().hex[:8]
    database = mongo[name]
    ensure_indexes(database)
    rng = random.Random(11)
    villages = [c for c, (_, town) in sorted(REGIONS.villages.items()) if town == TOWN][:3]
    people = []
    for i in range(120):
        town, village = (OTHER_TOWN, OTHER_VILLAGE) if i % 7 == 0 else (TOWN, rng.choice(villages))
        born = date(1967, 1, 1) + timedelta(days=rng.randrange(0, 40 * 365))
        p = new_person(person_body(name=rng.choice("王李张") + rng.choice("甲乙丙"),
                                   id_number=make_id_number(born, male=rng.random() < 0.5),
                                   township_code=town, village_code=village,
                                   education=rng.choice(["primary", "junior_high", "senior_high"])),
                       actor("county_admin"), REGIONS, NOW + timedelta(minutes=rng.randrange(0, 30)))
        if i % 5 == 0:
            p["status"] = "migrant"
        if i % 11 == 0:
            p["merged_into"] = "someone"
        people.append(p)
    ImportRepository(database).add_batch(mongo, people, {"person_id": [p["_id"] for p in people]}, [], "it")
    yield database
    mongo.drop_database(name)


@pytest.mark.parametrize("who,args", [
    ("county_admin", {"township_code": TOWN, "education": "初中"}),
    ("county_admin", {"township_code": TOWN, "education": "初中", "age_band": "26-35"}),
    ("county_admin", {"township_code": TOWN, "education": "小学", "age_band": "46-60", "sort": "name"}),
    ("county_admin", {"township_code": TOWN, "education": "高中", "sex": "female", "sort": "birth_date"}),
    ("county_admin", {"township_code": TOWN, "education": "小学", "status": "migrant", "sort": "-updated_at"}),
    ("township_staff", {"education": "初中", "age_band": "36-45", "sort": "-name"}),
    ("township_staff", {"education": "高中", "sort": "village_code"}),
    ("township_staff", {}),
    ("county_admin", {"township_code": TOWN, "sex": "male", "sort": "name"}),
])
@pytest.mark.parametrize("skip,limit", [(0, 5), (5, 5), (0, 200)])
def test_a_township_list_by_education_is_what_the_whole_filter_gives(db, who, args, skip, limit):
    user = actor(who)
    c = parse_criteria(args, TODAY)
    query = person_query(user, c)
    assert township_served(query) is not None
    expected = list(db.persons.find(query, {"_id": 1}).sort(sort_spec(c["sort"])))
    assert expected, "the data set must have matches for each case"
    found, total = PersonRepository(db, None).search_visible_to(user, c, skip, limit)
    assert total == len(expected)
    assert [p["_id"] for p in found] == [e["_id"] for e in expected[skip:skip + limit]]
    assert all(p["township_code"] == TOWN and "merged_into" not in p for p in found)


@pytest.mark.parametrize("who,args", [
    ("county_admin", {}), ("county_admin", {"township_code": TOWN}),
    ("county_admin", {"village_code": OTHER_VILLAGE}), ("township_staff", {}),
    ("village_liaison", {}), ("township_staff", {"township_code": OTHER_TOWN}),
])
@pytest.mark.parametrize("skip,limit", [(0, 7), (13, 20), (30, 50), (95, 50), (0, 500)])
def test_a_regions_list_in_ledger_order_reads_only_the_villages_of_its_page(db, who, args, skip, limit):
    """The default order (village, then as registered): the page comes from the villages the
    rollups place it in (storage/persons.py, _village_page), across village boundaries, and
    equals the whole filter sorted by MongoDB; the total is the rollups'."""
    user = actor(who)
    c = parse_criteria(args, TODAY)
    assert c["sort"] == "village_code"
    expected = [e["_id"] for e in db.persons.find(person_query(user, c), {"_id": 1}).sort(sort_spec("village_code"))]
    repo = PersonRepository(db, None)
    reads = []
    repo.find = lambda query, **kw: reads.append(query) or PersonRepository.find(repo, query, **kw)
    found, total = repo.search_visible_to(user, c, skip, limit)
    assert total == len(expected)
    assert [p["_id"] for p in found] == expected[skip:skip + limit]
    assert all(set(q) == {"village_code", "merged_into"} for q in reads)   # villages only
    assert len(reads) <= len({p["village_code"] for p in found}) + (not found)


@pytest.mark.parametrize("in_session", [False, True])
@pytest.mark.parametrize("projection", [None, {"village_code": 1, "name": 1}])
def test_the_whole_register_is_read_in_village_order_without_the_merged(db, mongo, projection, in_session):
    """County-wide exports (and quality figures) read one township at a time with no sort
    (storage/persons.py, _by_township), the next township by a thread while this one is taken
    (in a session, in turn): every active record once, in village order."""
    with mongo.start_session() as session:
        got = list(PersonRepository(db, session if in_session else None).cursor_visible_to(
            actor("county_admin"), {}, projection))
    active = list(db.persons.find({"merged_into": {"$exists": False}}, {"_id": 1}))
    assert sorted(p["_id"] for p in got) == sorted(p["_id"] for p in active) and len(got) == len(active)
    villages = [p["village_code"] for p in got]
    assert villages == sorted(villages) and len(set(villages)) > 2
    if projection:
        assert all(set(p) == {"_id", "village_code", "name"} for p in got)
