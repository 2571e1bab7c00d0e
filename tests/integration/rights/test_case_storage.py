"""The rights repositories against the real MongoDB: the scope query (visible_to) answers
exactly what the pure rule (can_read) says for every role; a case and its event commit
together; receipt numbers are unique; inbox and legal-aid queries find their cases."""
import uuid
from datetime import date

import pytest

from services.common.domain.errors import Duplicate
from services.rights.domain.access import can_read
from services.rights.service_layer import cases, legal_aid, referrals
from services.rights.service_layer.unit_of_work import RightsUnitOfWork
from services.rights.storage import cases as case_storage
from tests.support.factories import OTHER_TOWN, actor
from tests.support.rights_fakes import complaint_body

STAFF = actor("rights_staff")
POLICE = actor("police_officer", department="police")
JUSTICE = actor("justice_officer", department="justice")
ROLES = [STAFF, actor("county_admin"), actor("township_staff"), actor("village_liaison"),
         POLICE, actor("commerce_officer", department="commerce"), JUSTICE, actor("leader"),
         actor("worker", department=None)]


@pytest.fixture(scope="module")
def db(mongo):
    name = f"lex_rights_it_{uuid.uuid4().hex[:8]}"
    case_storage.ensure_indexes(mongo[name])
    yield mongo[name]
    mongo.drop_database(name)


@pytest.fixture(scope="module")
def scenario(mongo, db):
    new = lambda: RightsUnitOfWork(mongo, db)  # noqa: E731
    consented = {"name": "王秀兰", "phone": "13937712345", "consent_to_share": True}
    referred = cases.take_complaint(new(), complaint_body(complainant=consented), STAFF)
    _, r = referrals.refer_case(new(), referred["_id"], STAFF,
                                {"to_department": "police", "reason": "涉嫌诈骗",
                                 "requested_action": "立案侦查", "due_date": "2099-01-01"})
    referrals.act(new(), r["id"], "accept", POLICE, {})
    rejected = cases.take_complaint(new(), complaint_body(complainant=consented), STAFF)
    _, r2 = referrals.refer_case(new(), rejected["_id"], STAFF,
                                 {"to_department": "police", "reason": "涉嫌诈骗",
                                  "requested_action": "核实", "due_date": "2099-01-01"})
    referrals.act(new(), r2["id"], "reject", POLICE, {"reason": "不属公安管辖"})
    aided = cases.take_complaint(new(), complaint_body(township_code=OTHER_TOWN), STAFF)
    legal_aid.request(new(), aided["_id"], STAFF, "需要代理仲裁")
    by_liaison = cases.take_complaint(new(), complaint_body(channel="township"),
                                      actor("village_liaison"))
    return new, [referred["_id"], rejected["_id"], aided["_id"], by_liaison["_id"]]


@pytest.mark.parametrize("who", ROLES, ids=lambda a: a.role)
def test_the_scope_query_matches_the_rule(db, scenario, who):
    new, ids = scenario
    docs = list(db.cases.find({"_id": {"$in": ids}}))
    expected = {d["_id"] for d in docs if can_read(who, d)}
    with new() as uow:
        found = {d["_id"] for d in uow.cases.find({"$and": [{"_id": {"$in": ids}},
                                                            uow.cases.visible_to(who)]})}
    assert found == expected


def test_each_case_was_committed_with_its_events(db, scenario):
    _, ids = scenario
    types = {e["event"]["type"] for e in db.outbox.find({"key": {"$in": ids}})}
    assert {"case.opened", "case.referred", "referral.accepted", "referral.rejected"} <= types


def test_inbox_and_queue_queries_find_their_cases(scenario):
    new, ids = scenario
    inbox = referrals.box(new(), POLICE, "inbox", ["pending", "accepted"])
    assert [c["_id"] for c, _ in inbox] == [ids[0]]
    assert [c["_id"] for c in legal_aid.queue(new(), JUSTICE, ["requested"])] == [ids[2]]
    with new() as uow:
        overdue = uow.cases.find(case_storage.CaseRepository.filters(overdue_on=date(2099, 1, 1)))
    assert set(ids) <= {c["_id"] for c in overdue}


def test_a_receipt_number_is_unique(mongo, db, scenario):
    new, ids = scenario
    case = dict(db.cases.find_one({"_id": ids[0]}), _id=uuid.uuid4().hex)
    uow = new()
    with pytest.raises(Duplicate):
        with uow:
            uow.cases.add(case)
            uow.commit()
    assert db.cases.count_documents({"receipt_number": case["receipt_number"]}) == 1


def test_complaints_taken_at_the_same_moment_all_land(mongo, db):
    """Concurrent inserts can meet a transient write conflict; the use case runs again."""
    import threading
    errors, made = [], []

    def clerk():
        for _ in range(8):
            try:
                made.append(cases.take_complaint(RightsUnitOfWork(mongo, db), complaint_body(), STAFF)["_id"])
            except Exception as e:  # noqa: BLE001  (collected and shown below)
                errors.append(repr(e)[:200])

    threads = [threading.Thread(target=clerk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(set(made)) == 32
    assert db.outbox.count_documents({"key": {"$in": made}, "event.type": "case.opened"}) == 32
