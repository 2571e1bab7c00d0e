"""The fakes' unit of work rolls back like a transaction although its snapshot is a shallow copy:
every fake that changes a stored row field by field must copy it first (FakeRepository.editable).
One case per such method: rolled back, the rows are as before; committed, the change stays."""
import copy
from datetime import datetime, timezone

import pytest

from tests.support.evaluation_fakes import FakeEvaluationUnitOfWork
from tests.support.fakes import FakeRepository, FakeUnitOfWork, clone
from tests.support.jobs_fakes import FakeJobsUnitOfWork
from tests.support.licensing_fakes import FakeLicensingUnitOfWork
from tests.support.rights_fakes import FakeRightsUnitOfWork

AT = datetime(2026, 5, 1, tzinfo=timezone.utc)


def _jobs():
    uow = FakeJobsUnitOfWork()
    uow.employers.rows["e1"] = {"_id": "e1", "name": "厂", "visits": [{"on": "2026-04-01"}], "version": 1}
    uow.stations.rows["s1"] = {"_id": "s1", "name": "站", "employer_ids": ["e0"]}
    uow.sms.rows["m1"] = {"_id": "m1", "status": "queued", "person_id": "p1", "posting_id": "x"}
    uow.notices.rows["n1"] = {"_id": "n1", "read_by": ["u0"]}
    return uow


def _licensing():
    uow = FakeLicensingUnitOfWork()
    uow.tips.rows["t1"] = {"_id": "t1", "case_id": None}
    return uow


def _rights():
    uow = FakeRightsUnitOfWork()
    uow.drafts.rows["d1"] = {"_id": "d1", "state": "open", "case_id": None}
    return uow


def _evaluation():
    uow = FakeEvaluationUnitOfWork()
    uow.indicators.add("registered", "411325100", "2026-04", 2)   # outside a block: at once
    return uow


CHANGES = {
    "jobs: add_visit": (_jobs, lambda u: u.employers.add_visit("e1", {"on": "2026-05-01"})),
    "jobs: vetted": (_jobs, lambda u: u.stations.vetted("s1", "e1")),
    "jobs: claim": (_jobs, lambda u: u.sms.claim("m1", AT)),
    "jobs: mark_read": (_jobs, lambda u: u.notices.mark_read("n1", "u1")),
    "licensing: link_case": (_licensing, lambda u: u.tips.link_case("t1", "c1")),
    "rights: set_state": (_rights, lambda u: u.drafts.set_state("d1", "filed", "c1", AT)),
    "evaluation: indicator cells": (
        _evaluation, lambda u: (u.indicators.add("registered", "411325100", "2026-04", 3),
                                u.indicators.flush())),
}


def _all_rows(uow):
    return {name: copy.deepcopy(repo.rows) for name, repo in vars(uow).items()
            if isinstance(repo, FakeRepository)}


@pytest.mark.parametrize("case", CHANGES)
def test_a_block_that_does_not_commit_leaves_every_row_as_it_was(case):
    make, change = CHANGES[case]
    uow = make()
    before = _all_rows(uow)
    with uow:
        change(uow)
        assert _all_rows(uow) != before        # the block saw its own change
    assert _all_rows(uow) == before


@pytest.mark.parametrize("case", CHANGES)
def test_a_committed_block_keeps_its_change(case):
    make, change = CHANGES[case]
    uow = make()
    before = _all_rows(uow)
    with uow:
        change(uow)
        uow.commit()
    assert _all_rows(uow) != before


def test_add_save_and_reads_copy_documents_so_callers_cannot_change_stored_rows():
    class Uow(FakeUnitOfWork):
        def __init__(self):
            super().__init__()
            self.things = FakeRepository()

    uow = Uow()
    doc = {"_id": "a", "version": 1, "tags": ["x"], "at": AT, "nested": {"n": [1, (2, 3)]}}
    with uow:
        uow.things.add(doc)
        uow.commit()
    doc["tags"].append("changed by the caller")
    got = uow.things.get("a")
    got["nested"]["n"].append(4)
    uow.things.where(lambda r: True)[0]["tags"].append("y")
    assert uow.things.rows["a"] == {"_id": "a", "version": 1, "tags": ["x"], "at": AT,
                                    "nested": {"n": [1, (2, 3)]}}
    with uow:
        got = uow.things.get("a")
        got["tags"] = ["z"]
        uow.things.save(got, expected_version=1)   # not committed
    assert uow.things.rows["a"]["tags"] == ["x"] and uow.things.rows["a"]["version"] == 1


def test_clone_copies_containers_and_keeps_leaves():
    doc = {"a": [{"b": {1, 2}}, (["c"],)], "at": AT, "n": None}
    copied = clone(doc)
    assert copied == doc
    assert copied["a"] is not doc["a"] and copied["a"][0] is not doc["a"][0]
    assert copied["a"][0]["b"] is not doc["a"][0]["b"]           # a set: by copy.deepcopy
    assert copied["a"][1][0] is not doc["a"][1][0]               # a list inside a tuple
    assert copied["at"] is doc["at"]
