"""Notifications against the real MongoDB: two postings handled at the same moment for the same
worker queue one message (the person:day key, in the consumers' transactions, with the retry a
consumer gives a failed handler); the delivery-log adapter records what it was handed, with the
phone masked and digested, and the sender records the status and never sends twice. Also the
worker profile keeps the wage expectation and region preference from a real registry event."""
import threading
import time
import uuid
from datetime import datetime, timezone

import pytest
from pymongo.errors import DuplicateKeyError, PyMongoError

from services.jobs.domain import notifications as rules
from services.jobs.service_layer import employers as employers_uc
from services.jobs.service_layer import matching as matching_uc
from services.jobs.service_layer import notifications as uc
from services.jobs.service_layer import postings as postings_uc
from services.jobs.service_layer.unit_of_work import JobsUnitOfWork
from services.jobs.sms.adapters import DeliveryLogGateway, phone_digest
from services.jobs.storage import employers, notifications, placements, postings, workers
from tests.support.factories import TOWN, VILLAGE, actor
from tests.support.jobs_fakes import employer_body, posting_body

ADMIN = actor("county_admin")
PHONE = "13812345678"


@pytest.fixture(scope="module")
def db(mongo):
    d = mongo[f"lex_jobs_notify_{uuid.uuid4().hex[:8]}"]
    for module in (employers, postings, workers, placements, notifications):
        module.ensure_indexes(d)
    yield d
    mongo.drop_database(d.name)


@pytest.fixture(scope="module")
def new_uow(mongo, db):
    return lambda: JobsUnitOfWork(mongo, db)


def as_consumer(fn, attempts=6):
    """What the consumer does with a handler that failed (a write conflict): run it again."""
    for attempt in range(attempts):
        try:
            return fn()
        except PyMongoError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def registered(person_id):
    from services.registry import events  # noqa: F401  (registers the registry's schemas)
    return {"id": str(uuid.uuid4()), "type": "person.registered", "version": 1, "source": "registry",
            "subject": person_id, "occurred_at": "2026-01-01T00:00:00.000Z", "actor": None, "correlation_id": None,
            "data": {"person_id": person_id, "township_code": TOWN, "village_code": VILLAGE, "sex": "male",
                     "birth_date": "1990-03-01", "status": "surplus", "education": "junior_high",
                     "skills": ["钢筋工"], "job_intention": "钢筋工", "intended_industries": [],
                     "intended_regions": ["in_province"], "expected_wage": 6000, "new_entrant": False,
                     "registered_at": "2026-01-01T00:00:00Z"}}


def published(new_uow, employer_id, title):
    now = datetime.now(timezone.utc)
    p = postings_uc.create_posting(new_uow(), posting_body(
        employer_id, now.date(), title=title, industry="construction", work_region="in_province",
        salary_min=7000, salary_max=9000, requirements={"skills": ["钢筋"], "age_min": 20, "age_max": 55}), ADMIN)
    postings_uc.submit(new_uow(), p["_id"], ADMIN)
    uow = new_uow()
    postings_uc.review(uow, p["_id"], "approve", None, ADMIN)
    return uow.published[-1]


def test_two_postings_at_once_send_one_message_and_the_delivery_log_records_it(new_uow, db):
    person = f"p-{uuid.uuid4().hex[:8]}"
    matching_uc.on_person_event(new_uow(), registered(person))
    profile = db.workers.find_one({"_id": person})
    assert profile["wage_expectation"] == 6000 and profile["region_preferences"] == ["in_province"]

    e = employers_uc.register_employer(new_uow(), employer_body(), ADMIN)
    first, second = published(new_uow, e["_id"], "钢筋工 甲"), published(new_uow, e["_id"], "钢筋工 乙")
    uc.subscribe(new_uow(), {"person_id": person, "phone": PHONE, "channel": "in_person", "consent": True}, ADMIN)

    queued, start = [], threading.Barrier(2)

    def handle(event):
        start.wait()
        queued.append(as_consumer(lambda: uc.on_posting_published(new_uow(), event, 60, lambda c: f"/ui/jobs/sms/{c}")))

    threads = [threading.Thread(target=handle, args=(ev,)) for ev in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(len(q) for q in queued) == [0, 1]  # one of the two postings got the day's message
    messages = list(db.sms_messages.find({"person_id": person}))
    assert len(messages) == 1 and messages[0]["status"] == "queued"
    assert messages[0]["_id"] == rules.message_id(person, rules.china_day(datetime.now(timezone.utc)))

    # the storage says it again: no second message for that person and day, whatever its _id
    with pytest.raises(DuplicateKeyError):
        db.sms_messages.insert_one(dict(messages[0], _id="another-id"))

    gateway = DeliveryLogGateway(db)
    assert uc.send_queued(new_uow, gateway) == {"sent": 1, "failed": 0}
    assert uc.send_queued(new_uow, gateway) == {"sent": 0, "failed": 0}  # never twice
    sent = db.sms_messages.find_one({"_id": messages[0]["_id"]})
    assert sent["status"] == "sent" and sent["gateway"] == "delivery_log" and "投递日志" in sent["answer"]
    logged = list(db.sms_delivery_log.find({"_id": messages[0]["_id"]}))
    assert len(logged) == 1 and logged[0]["phone_masked"] == "138********"
    assert logged[0]["phone_sha256"] == phone_digest(PHONE) and logged[0]["text"] == sent["text"]
    # the full phone is on the subscription only
    for name in ("sms_messages", "sms_delivery_log", "staff_notices"):
        assert PHONE not in str(list(db[name].find())), name
    assert db.sms_subscriptions.find_one({"_id": person})["phone"] == PHONE

    # a redelivered event, or the other posting later the same day: nothing more
    assert uc.on_posting_published(new_uow(), first, 60, lambda c: c) == []
    assert uc.on_posting_published(new_uow(), second, 60, lambda c: c) == []
    assert db.sms_messages.count_documents({"person_id": person}) == 1
