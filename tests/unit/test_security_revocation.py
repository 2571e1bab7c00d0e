"""The revocation list the services check (issue 6 item 11), without servers."""
from types import SimpleNamespace

from gateway.events import DEACTIVATED, PASSWORD_CHANGED, USER_TOPIC
from services.common.auth import token_generation
from services.common.events.catalog import validate_event
from services.common import revocation
from services.common.events.envelope import new_event
from services.common.revocation import RevocationList, revocation_consumer


class FakeCollection:
    def __init__(self):
        self.docs: dict = {}
        self.finds = 0

    def find(self, *_a, **_k):
        self.finds += 1
        return [dict(d, _id=k) for k, d in self.docs.items()]

    def update_one(self, query, update, upsert=False, session=None):
        doc = self.docs.setdefault(query["_id"], {})
        for k, v in update.get("$max", {}).items():
            doc[k] = max(doc.get(k, v), v)
        doc.update(update.get("$set", {}))


class FakeDb:
    name = "fake"

    def __init__(self):
        self.coll = FakeCollection()

    def __getitem__(self, _name):
        return self.coll


def test_a_password_change_voids_older_generations_only():
    db, rl = FakeDb(), RevocationList(ttl=0)
    spec = revocation_consumer(db, "registry")
    assert spec.topics == [USER_TOPIC] and spec.group_id == "registry-revocations"
    event = new_event(PASSWORD_CHANGED, "gateway", "u1", {"user_id": "u1", "min_generation": 2}, None, None)
    spec.handlers[PASSWORD_CHANGED](event, None)
    assert rl.is_revoked(db, "u1", 0) and rl.is_revoked(db, "u1", 1)
    assert not rl.is_revoked(db, "u1", 2) and not rl.is_revoked(db, "u2", 0)


def test_deactivation_voids_every_generation_even_later_ones():
    db, rl = FakeDb(), RevocationList(ttl=0)
    event = new_event(DEACTIVATED, "gateway", "u1", {"user_id": "u1", "min_generation": 1}, None, None)
    revocation_consumer(db, "jobs").handlers[DEACTIVATED](event, None)
    assert rl.is_revoked(db, "u1", 1) and rl.is_revoked(db, "u1", 99)


def test_the_list_is_read_once_per_cache_period_not_per_request(monkeypatch):
    now = [1000.0]   # the module's clock, moved by the test instead of sleeping
    monkeypatch.setattr(revocation, "time", SimpleNamespace(monotonic=lambda: now[0]))
    db, rl = FakeDb(), RevocationList(ttl=0.2)
    for _ in range(50):
        rl.is_revoked(db, "u1", 0)
    assert db.coll.finds == 1
    now[0] += 0.15                      # within the period: still the cached list
    rl.is_revoked(db, "u1", 0)
    assert db.coll.finds == 1
    now[0] += 0.1                       # past it: read again, once
    rl.is_revoked(db, "u1", 0)
    rl.is_revoked(db, "u1", 0)
    assert db.coll.finds == 2


def test_event_contracts_refuse_a_malformed_revocation():
    import pytest
    from services.common.events.catalog import EventInvalid
    event = new_event(DEACTIVATED, "gateway", "u1", {"user_id": "u1", "min_generation": 1}, None, None)
    event["data"]["min_generation"] = "1"
    with pytest.raises(EventInvalid):
        validate_event(event)


def test_token_generation_claim_is_an_integer_or_zero():
    assert token_generation({"gen": 3}) == 3
    assert token_generation({}) == 0
    assert token_generation({"gen": "3"}) == 0 and token_generation({"gen": True}) == 0


def test_an_expired_list_is_read_by_one_thread_while_the_others_use_the_one_they_have():
    import threading
    db, rl = FakeDb(), RevocationList(ttl=0)
    rl.is_revoked(db, "u1", 0)                 # the first read: the list exists from here
    entered, release = threading.Event(), threading.Event()
    real = db.coll.find

    def slow_find(*a, **k):                    # a refresh that takes a while under load
        entered.set()
        release.wait(2)
        return real(*a, **k)
    db.coll.find = slow_find
    reader = threading.Thread(target=rl.is_revoked, args=(db, "u1", 0))
    reader.start()
    assert entered.wait(2)
    for _ in range(20):                        # the other request threads meanwhile
        assert rl.is_revoked(db, "u1", 0) is False
    release.set()
    reader.join(2)
    assert db.coll.finds == 2                  # the first read and ONE refresh
