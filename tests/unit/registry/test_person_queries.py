"""The register's MongoDB filters are FLAT, with the indexed field first: the embedded MongoDB
plans a query from one index only for a flat filter (a top-level $and is a full scan of 100,000
records) and takes the first field it has an index for."""
import pytest

from services.registry.storage.persons import ACTIVE, PERSON_INDEXES, flat, person_query
from tests.support.factories import OTHER_TOWN, TOWN, VILLAGE, actor

LEADING = {keys[0][0] for _, keys, _ in PERSON_INDEXES}


@pytest.mark.parametrize("who,criteria,first", [
    (actor("township_staff"), {}, ("village_code", {"$gte": TOWN, "$lt": TOWN + "~"})),
    (actor("village_liaison"), {"education": "primary"}, ("township_code", TOWN)),
    (actor("county_admin"), {"township_code": TOWN, "sex": "male"},
     ("village_code", {"$gte": TOWN, "$lt": TOWN + "~"})),
    (actor("county_admin"), {"village_code": VILLAGE}, ("village_code", VILLAGE)),
    (actor("county_admin"), {"name": "王"}, ("name", {"$gte": "王", "$lt": "王\U0010ffff"})),
    (actor("township_staff"), {"phone": "13800000000"}, ("phone", "13800000000")),
])
def test_queries_are_flat_and_start_with_an_indexed_field(who, criteria, first):
    q = person_query(who, criteria)
    assert not any(k.startswith("$") for k in q)
    assert next(iter(q.items())) == first
    assert next(k for k in q if k in LEADING) == first[0] or first[0] == "township_code"
    assert q["merged_into"] == ACTIVE["merged_into"]


def test_a_village_liaison_is_held_to_the_village_and_its_township():
    q = person_query(actor("village_liaison"), {})
    assert (q["township_code"], q["village_code"]) == (TOWN, VILLAGE)


def test_a_filter_outside_the_scope_matches_nothing():
    q = person_query(actor("township_staff"), {"township_code": OTHER_TOWN})
    assert q["_id"] == {"$exists": False}


def test_flat_falls_back_to_and_only_for_two_conditions_on_one_field():
    assert flat({"a": 1}, {"b": 2}) == {"a": 1, "b": 2}
    assert flat({"a": {"$gt": 1}}, {"a": {"$lt": 5}}) == {"$and": [{"a": {"$gt": 1}}, {"a": {"$lt": 5}}]}
