"""The statistics' village rollups against the real MongoDB: after registrations, an import
batch (pending increments, then folded), edits (a move to another village), status changes
and a merge, what a request reads equals the full recount (storage/stats.counts), for every
classification and scope."""
import uuid
from datetime import date, datetime, timezone

import pytest

from services.registry.domain.person import new_person
from services.registry.service_layer import persons as use_cases
from services.registry.service_layer.imports import import_change
from services.registry.service_layer.records import change_status
from services.registry.service_layer.unit_of_work import RegistryUnitOfWork
from services.registry.storage import rollups
from services.registry.storage.imports import ImportRepository
from services.registry.storage.persons import PersonRepository, ensure_indexes
from services.registry.storage.stats import counts
from tests.support.factories import OTHER_TOWN, OTHER_VILLAGE, TOWN, VILLAGE, actor, person_body
from tests.support.ids import make_id_number
from tests.support.registry_fakes import REGIONS

TODAY = datetime.now(timezone.utc).date()
GROUPS = list(rollups.rollup.SERVED)
admin = actor("county_admin")


@pytest.fixture(scope="module")
def db(mongo):
    name = "lex_registry_rollup_" + uuid.uuid4().hex[:8]
    database = mongo[name]
    ensure_indexes(database)
    yield database
    mongo.drop_database(name)


def uow(mongo, db):
    return RegistryUnitOfWork(mongo, db)


def recount(db, scope, group_by):
    return sorted(counts(db, scope, {}, group_by, TODAY), key=str)


def served(db, scope, group_by):
    return sorted(rollups.read(db, None, scope, group_by, TODAY), key=str)


def test_rollups_equal_a_recount_through_every_kind_of_write(mongo, db):
    born = [date(1970, 3, 1), date(1985, 6, 1), date(1999, 1, 2), date(2004, 12, 31)]
    ids = []
    for i in range(8):
        body = person_body(name=f"王{'甲乙丙丁戊己庚辛'[i]}", id_number=make_id_number(born[i % 4], male=i % 2 == 0),
                           education=["primary", "junior_high"][i % 2],
                           intended_industries=[["construction"], ["construction", "catering"], []][i % 3],
                           training_intention="电工" if i % 3 else "",
                           **({"township_code": OTHER_TOWN, "village_code": OTHER_VILLAGE} if i >= 6 else {}))
        ids.append(use_cases.register_person(uow(mongo, db), REGIONS, body, admin)["_id"])
    # an import batch: its increments wait as one document until folded, and count meanwhile
    people = [new_person(person_body(name="赵六", id_number=make_id_number(date(1990, 1, i + 1), male=False),
                                     education="college"), admin, REGIONS, datetime.now(timezone.utc))
              for i in range(5)]
    # each registration left its increments as one pending document (no shared document to
    # conflict on); the import batch adds one for all its people
    assert db[rollups.PENDING].count_documents({}) == 8
    ImportRepository(db).add_batch(mongo, people, import_change(people, "imp"), [], "imp")
    assert db[rollups.PENDING].count_documents({}) == 9
    for group_by in GROUPS:
        assert served(db, {}, group_by) == recount(db, {}, group_by), group_by
    assert rollups.fold(mongo, db) == 9 and db[rollups.PENDING].count_documents({}) == 0
    # an edit that moves a person to another village and changes education
    p = PersonRepository(db, None).get(ids[0])
    use_cases.update_person(uow(mongo, db), REGIONS, ids[0],
                            {"version": p["version"], "township_code": OTHER_TOWN,
                             "village_code": OTHER_VILLAGE, "education": "college"}, admin)
    # status changes: to migrant (organized) and back
    p = PersonRepository(db, None).get(ids[1])
    change_status(uow(mongo, db), ids[1], {"version": p["version"], "to_status": "migrant",
                                            "employer": "某电子厂", "organization": "organized"}, admin)
    p = PersonRepository(db, None).get(ids[2])
    change_status(uow(mongo, db), ids[2], {"version": p["version"], "to_status": "migrant",
                                            "employer": "某建筑队"}, admin)
    # a merge: the dropped record no longer counts
    keep = PersonRepository(db, None).get(ids[3])
    use_cases.merge_persons(uow(mongo, db), ids[3], ids[4], admin, keep["version"])
    for scope in ({}, {"township_code": TOWN}, {"township_code": OTHER_TOWN},
                  {"township_code": TOWN, "village_code": VILLAGE}):
        for group_by in GROUPS:
            assert served(db, scope, group_by) == recount(db, scope, group_by), (scope, group_by)
    assert dict((k, n) for k, n, _, _ in served(db, {}, "organization")) == {
        "none": 10, "organized": 1, "self": 1}   # 13 persons, one merged away


def test_rebuild_recounts_from_the_records(mongo, db):
    db[rollups.COLLECTION].update_many({}, {"$inc": {"n": 5}})           # drifted
    rollups.rebuild(mongo, db)
    for group_by in GROUPS:
        assert served(db, {}, group_by) == recount(db, {}, group_by)


def test_statistics_read_the_rollups_unless_other_filters_narrow_them(mongo, db):
    repo = PersonRepository(db, None)
    db[rollups.COLLECTION].update_many({}, {"$inc": {"n": 1000}})        # visible only via rollups
    try:
        by_town = dict((k, n) for k, n, _, _ in repo.stats_visible_to(admin, {"sort": "-created_at"},
                                                                      "township", TODAY))
        assert all(n > 1000 for n in by_town.values())
        filtered = repo.stats_visible_to(admin, {"education": "college"}, "township", TODAY)
        assert all(n < 1000 for _, n, _, _ in filtered)                   # counted over the records
    finally:
        rollups.rebuild(mongo, db)


def test_concurrent_registrations_in_one_village_do_not_conflict_on_the_statistics(mongo, db):
    """Three clients registering into one village at once: each write's increments are its own
    document, so none of them waits for or conflicts with another's (a shared $inc did)."""
    import threading
    errors, done = [], []

    def register(n):
        try:
            for i in range(4):
                body = person_body(name="李四", id_number=make_id_number(date(1980 + n, 2, i + 1), male=True))
                done.append(use_cases.register_person(uow(mongo, db), REGIONS, body, admin)["_id"])
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(e))
    threads = [threading.Thread(target=register, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and len(done) == 12
    for group_by in GROUPS:
        assert served(db, {"village_code": VILLAGE}, group_by) == recount(db, {"village_code": VILLAGE}, group_by)


def test_age_bands_of_an_earlier_day_are_banded_again_and_refreshed(mongo, db):
    """A village document carries its persons per age band as of the day it was written; on a
    later day they are banded again from its births (what a request reads stays the recount)
    and refresh_bands (the worker's first fold of each day) rewrites them."""
    rollups.fold(mongo, db)
    db[rollups.COLLECTION].update_many({}, {"$set": {"bands_on": "2000-01-01", "bands": {"16-25": {"n": 999, "m": 0}}}})
    for scope in ({}, {"township_code": TOWN}, {"village_code": VILLAGE}):
        assert served(db, scope, "age_band") == recount(db, scope, "age_band")
    assert rollups.refresh_bands(mongo, db, TODAY) == db[rollups.COLLECTION].count_documents({}) > 0
    assert db[rollups.COLLECTION].count_documents({"bands_on": {"$ne": TODAY.isoformat()}}) == 0
    assert rollups.refresh_bands(mongo, db, TODAY) == 0                  # all of today now
    assert served(db, {}, "age_band") == recount(db, {}, "age_band")


def test_rollups_of_the_older_layout_are_rebuilt(mongo, db):
    """Village documents kept with their births inside (before LAYOUT) are rebuilt at start."""
    db[rollups.COLLECTION].update_many({}, {"$unset": {"layout": "", "bands": "", "bands_on": ""},
                                            "$set": {"d.birth": {"1970-01-01": {"n": 5, "m": 5}}}})
    assert rollups.ensure_rollups(mongo, db) == db.persons.count_documents({"merged_into": {"$exists": False}})
    assert db[rollups.COLLECTION].count_documents({"layout": {"$ne": rollups.LAYOUT}}) == 0
    assert db[rollups.COLLECTION].count_documents({"d.birth": {"$exists": True}}) == 0
    for group_by in GROUPS:
        assert served(db, {}, group_by) == recount(db, {}, group_by), group_by


def test_the_periodic_fold_waits_while_an_import_runs_and_not_for_a_dead_one(mongo, db):
    from datetime import timedelta
    from services.registry.handlers.rollup_fold import fold_unless_importing
    rollups.fold(mongo, db)
    use_cases.register_person(uow(mongo, db), REGIONS,
                              person_body(id_number=make_id_number(date(1988, 8, 8), male=True)), admin)
    assert db[rollups.PENDING].count_documents({}) == 1
    now = datetime.now(timezone.utc)
    db.imports.insert_one({"_id": "imp-running", "status": "running", "heartbeat": now})
    try:
        assert fold_unless_importing(mongo, db) is None              # the import folds itself
        assert db[rollups.PENDING].count_documents({}) == 1
        db.imports.update_one({"_id": "imp-running"}, {"$set": {"heartbeat": now - timedelta(minutes=5)}})
        assert fold_unless_importing(mongo, db) == 1                 # its worker died: fold
        assert db[rollups.PENDING].count_documents({}) == 0
    finally:
        db.imports.delete_one({"_id": "imp-running"})
    for group_by in GROUPS:
        assert served(db, {}, group_by) == recount(db, {}, group_by)
