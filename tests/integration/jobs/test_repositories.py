"""The jobs repositories against the real MongoDB: filing numbers from a counter inside the
review's transaction (a rolled-back approval gives its number back), the unique sparse index
on filing numbers (drafts have none), and the duplicate credit code named as its field."""
import uuid
from datetime import datetime, timezone

import pytest

from services.common.domain.errors import Duplicate, InvalidTransition
from services.jobs.service_layer import employers as employers_uc
from services.jobs.service_layer import postings as uc
from services.jobs.service_layer.unit_of_work import JobsUnitOfWork
from services.jobs.storage import employers, placements, postings, workers
from tests.support.factories import actor
from tests.support.jobs_fakes import employer_body, posting_body

ADMIN = actor("county_admin")


@pytest.fixture(scope="module")
def new_uow(mongo):
    db = mongo[f"lex_jobs_test_{uuid.uuid4().hex[:8]}"]
    for module in (employers, postings, workers, placements):
        module.ensure_indexes(db)
    yield lambda: JobsUnitOfWork(mongo, db)
    mongo.drop_database(db.name)


def test_filing_numbers_count_up_and_a_failed_approval_gives_its_number_back(new_uow):
    now = datetime.now(timezone.utc)
    e = employers_uc.register_employer(new_uow(), employer_body(), ADMIN)
    drafts = [uc.create_posting(new_uow(), posting_body(e["_id"], now.date()), ADMIN) for _ in range(3)]
    for p in drafts:
        uc.submit(new_uow(), p["_id"], ADMIN)
    first = uc.review(new_uow(), drafts[0]["_id"], "approve", None, ADMIN)
    with pytest.raises(InvalidTransition):  # already published: refused before numbering
        uc.review(new_uow(), drafts[0]["_id"], "approve", None, ADMIN)
    second = uc.review(new_uow(), drafts[1]["_id"], "approve", None, ADMIN)
    n1, n2 = (int(x["filing_number"][-6:-1]) for x in (first, second))
    assert n2 == n1 + 1
    with new_uow() as uow:
        stored = uow.postings.get(drafts[2]["_id"])
    assert "filing_number" not in stored and stored["status"] == "submitted"


def test_a_duplicate_credit_code_is_named(new_uow):
    body = employer_body()
    employers_uc.register_employer(new_uow(), body, ADMIN)
    with pytest.raises(Duplicate) as e:
        employers_uc.register_employer(new_uow(), dict(body, name="另一家公司"), ADMIN)
    assert e.value.fields == {"credit_code": "已存在"}


def test_profiles_new_in_a_poll_are_inserted_and_one_inserted_meanwhile_fails_the_poll(new_uow):
    from pymongo.errors import BulkWriteError
    a, b = f"p-{uuid.uuid4().hex}", f"p-{uuid.uuid4().hex}"
    with new_uow() as uow:
        uow.workers.put_many([{"_id": a, "status": "surplus"}], new_ids={a})
        uow.commit()
    with new_uow() as uow:   # a exists: replaced; b is new
        uow.workers.put_many([{"_id": a, "status": "migrant"}, {"_id": b, "status": "surplus"}],
                             new_ids={b})
        uow.commit()
    with new_uow() as uow:
        assert {k: v["status"] for k, v in uow.workers.many([a, b]).items()} == \
            {a: "migrant", b: "surplus"}
    # a poll that read b as absent while another transaction inserted it: the insert fails
    # (the consumer retries the poll, reading b this time) instead of overwriting it
    with pytest.raises(BulkWriteError):
        with new_uow() as uow:
            uow.workers.put_many([{"_id": b, "status": "returned"}], new_ids={b})
            uow.commit()
    with new_uow() as uow:
        assert uow.workers.many([b])[b]["status"] == "surplus"
