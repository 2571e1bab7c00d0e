"""The register's MongoDB filters are FLAT, with the indexed field first: the embedded MongoDB
plans a query from one index only for a flat filter (a top-level $and is a full scan of 100,000
records) and takes the first field it has an index for."""
import pytest

from services.registry.storage.persons import ACTIVE, PERSON_INDEXES, flat, person_query, township_served
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


@pytest.mark.parametrize("who,criteria,sent,rest", [
    (actor("county_admin"), {"township_code": TOWN, "education": "primary"},
     {"township_code": TOWN, "education": "primary"}, {}),
    (actor("township_staff"), {"education": "primary", "born_after": "1990-11-28",
                               "born_on_or_before": "2000-11-28", "sex": "male"},
     {"township_code": TOWN, "education": "primary",
      "birth_date": {"$gt": "1990-11-28", "$lte": "2000-11-28"}}, {"sex": "male"}),
    (actor("county_admin"), {"township_code": TOWN, "education": "college", "status": "migrant"},
     {"township_code": TOWN, "education": "college"}, {"status": "migrant"}),
    (actor("township_staff"), {}, {"township_code": TOWN}, {}),
    (actor("county_admin"), {"township_code": TOWN, "sex": "female"}, {"township_code": TOWN}, {"sex": "female"}),
])
def test_a_township_and_education_list_sends_only_the_compound_index_fields(who, criteria, sent, rest):
    """The embedded MongoDB plans the compound index precisely only when the filter is its
    fields alone; the rest is checked by the repository (township_served)."""
    assert township_served(person_query(who, criteria)) == (sent, rest)


@pytest.mark.parametrize("who,criteria", [
    (actor("county_admin"), {}),                                               # no township
    (actor("county_admin"), {"township_code": TOWN, "born_after": "1990-11-28",
                             "born_on_or_before": "2000-11-28"}),               # a range, no education
    (actor("county_admin"), {"education": "primary"}),                         # no township
    (actor("village_liaison"), {"education": "primary"}),                      # a village
    (actor("county_admin"), {"township_code": TOWN, "village_code": VILLAGE, "education": "primary"}),
    (actor("township_staff"), {"township_code": OTHER_TOWN, "education": "primary"}),  # nothing
    (actor("county_admin"), {"township_code": TOWN, "education": "primary", "skill": "电焊"}),
    (actor("county_admin"), {"township_code": TOWN, "education": "primary", "new_entrant": False}),
])
def test_other_lists_keep_their_whole_filter(who, criteria):
    assert township_served(person_query(who, criteria)) is None
