"""The outbox relay against the real MongoDB and Kafka: two relays of one service (one lease,
each record published once, per-key order), the purge of old sent records, the re-publish after
a lost broker, and the per-key `seq` that does not trust the clock."""
import contextlib
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from services.common.events import outbox
from services.common.events.outbox import add_batch_to_outbox, add_to_outbox, ensure_outbox_indexes
from services.common.events.relay import OutboxRelay
from services.common.events.topics import ensure_topics
from services.common.mongo import in_transaction
from tests.support.events import read_topic
from tests.support.wait import eventually


@pytest.fixture
def scratch(stack, mongo):
    """A database and a 2-partition topic of its own."""
    name = f"lex_test_relay_{uuid.uuid4().hex[:8]}"
    topic = f"test.relay{uuid.uuid4().hex[:8]}"
    ensure_topics(stack.kafka_bootstrap, [topic], partitions=2)
    ensure_outbox_indexes(mongo[name])
    yield mongo[name], topic
    mongo.drop_database(name)


def write_events(mongo, db, topic, keys, per_key):
    ids = []
    for n in range(per_key):
        for key in keys:
            event = {"id": str(uuid.uuid4()), "type": "test.happened", "subject": key,
                     "data": {"n": n}}
            in_transaction(mongo, lambda s, e=event: add_to_outbox(db, s, e, topic=topic))
            ids.append(event["id"])
    return ids


class CountingRelay(OutboxRelay):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.published = 0

    def publish_pending(self):
        n = super().publish_pending()
        self.published += n
        return n


def start(relay):
    t = threading.Thread(target=relay.run, daemon=True)
    t.start()
    return t


def count_finds(relay, db) -> list:
    """The relay's outbox with its finds counted: one entry per find."""
    calls = []
    real_find = db.outbox.find
    relay.col = type("Col", (), {"__getattr__": lambda s, n: getattr(db.outbox, n),
                                 "find": lambda s, *a, **k: calls.append(1) or real_find(*a, **k)})()
    return calls


def watching(relay) -> bool:
    """The relay's change stream on the outbox is open."""
    return getattr(relay, "watch", None) is not None and relay.watch.alive


def stop(relay, thread):
    relay.stop_event.set()
    thread.join(20)


@contextlib.contextmanager
def running(relay, watched: bool = False):
    """The relay runs in a thread for the block (with `watched`: once its change stream on the
    outbox is open), and is stopped after it whatever happens."""
    t = start(relay)
    try:
        if watched:
            assert eventually(lambda: watching(relay), 10)
        yield
    finally:
        stop(relay, t)


def test_two_relays_publish_each_record_once_in_key_order(stack, mongo, scratch):
    db, topic = scratch
    keys = [f"agg-{i}" for i in range(4)]
    first, second = (CountingRelay(db, stack.kafka_bootstrap, batch=7) for _ in range(2))
    threads = [start(first), start(second)]
    try:
        ids = write_events(mongo, db, topic, keys, per_key=10)
        assert eventually(lambda: db.outbox.count_documents({"status": "sent"}) == len(ids), 30)
        holder = db.outbox_lease.find_one({"_id": "relay"})["owner"]
        active, standby = (first, second) if holder == first.lease.owner else (second, first)
        assert active.published == len(ids) and standby.published == 0
        stop(active, threads[0] if active is first else threads[1])   # releases the lease
        more = write_events(mongo, db, topic, keys, per_key=2)
        assert eventually(lambda: db.outbox.count_documents({"status": "sent"}) == len(ids) + len(more), 30)
        assert standby.published == len(more)                          # took over
    finally:
        for relay, t in zip((first, second), threads):
            stop(relay, t)
    seen = read_topic(stack.kafka_bootstrap, topic, lambda d: True)
    assert sorted(d["id"] for d in seen) == sorted(ids + more)          # each once
    for key in keys:
        assert [d["data"]["n"] for d in seen if d["subject"] == key] == list(range(10)) + [0, 1]


def test_a_standby_relay_takes_over_an_expired_lease(stack, mongo, scratch):
    db, topic = scratch
    db.outbox_lease.insert_one({"_id": "relay", "owner": "dead-relay",
                                "expires_at": datetime.now(timezone.utc) + timedelta(seconds=2)})
    relay = CountingRelay(db, stack.kafka_bootstrap)
    with running(relay):
        ids = write_events(mongo, db, topic, ["k"], per_key=3)
        time.sleep(1)
        assert relay.published == 0                       # not while the dead one's lease lives
        assert eventually(lambda: db.outbox.count_documents({"status": "sent"}) == len(ids), 20)
        assert db.outbox_lease.find_one({"_id": "relay"})["owner"] == relay.lease.owner


def test_purge_removes_only_sent_records_past_the_retention_in_batches(stack, scratch):
    db, _ = scratch
    now = datetime.now(timezone.utc)
    old, recent = now - timedelta(days=8), now - timedelta(days=6)
    db.outbox.insert_many(
        [{"_id": f"old-{i}", "status": "sent", "sent_at": old, "seq": i} for i in range(5)]
        + [{"_id": "recent", "status": "sent", "sent_at": recent, "seq": 10},
           {"_id": "pending", "status": "pending", "created_at": old, "seq": 11}])
    relay = OutboxRelay(db, stack.kafka_bootstrap, retention=timedelta(days=7), purge_batch=2)
    assert relay.purge() == 5
    assert sorted(d["_id"] for d in db.outbox.find()) == ["pending", "recent"]


def test_after_a_lost_broker_the_recent_sent_records_are_published_again(stack, scratch):
    db, _ = scratch
    now = datetime.now(timezone.utc)
    db.outbox.insert_many([
        {"_id": "before-window", "status": "sent", "sent_at": now - timedelta(minutes=20), "seq": 1},
        {"_id": "in-window", "status": "sent", "sent_at": now - timedelta(minutes=3), "seq": 2}])
    durable = OutboxRelay(db, stack.kafka_bootstrap)                 # real Kafka: never
    durable.broker_lost_at = now
    assert durable.reconcile() == 0
    relay = OutboxRelay(db, stack.kafka_bootstrap, republish=timedelta(minutes=5))
    relay.broker_lost_at = now
    assert relay.reconcile() == 1 and relay.broker_lost_at is None
    assert db.outbox.find_one({"_id": "in-window"})["status"] == "pending"
    assert db.outbox.find_one({"_id": "before-window"})["status"] == "sent"


def test_seq_orders_one_keys_events_even_when_the_clock_goes_back(mongo, scratch, monkeypatch):
    db, topic = scratch
    clock = iter([2_000_000_000_000_000_000, 1_000_000_000_000_000_000])  # second writer lags
    monkeypatch.setattr(outbox.time, "time_ns", lambda: next(clock))
    write_events(mongo, db, topic, ["k"], per_key=2)
    seqs = [d["seq"] for d in db.outbox.find({"key": "k"}).sort("event.data.n", 1)]
    assert seqs == [2_000_000_000_000_000_000, 2_000_000_000_000_000_001]


def test_a_batch_record_goes_out_event_by_event_keyed_by_each_subject(stack, mongo, scratch):
    """An import's batch: one outbox record, every event published once under its own key,
    the record sent only when all are; the relay's round stops at its batch size."""
    db, topic = scratch
    events = [{"id": str(uuid.uuid4()), "type": "test.happened", "subject": f"p-{i}", "data": {"n": i}}
              for i in range(25)]
    in_transaction(mongo, lambda s: add_batch_to_outbox(db, s, events[:15], "import:a", topic=topic))
    in_transaction(mongo, lambda s: add_batch_to_outbox(db, s, events[15:], "import:b", topic=topic))
    assert db.outbox.count_documents({}) == 2
    relay = CountingRelay(db, stack.kafka_bootstrap, batch=20)
    relay.lease.hold()
    assert relay.publish_pending() == 15          # the second record would pass 20: next round
    assert db.outbox.find_one({"key": "import:a"})["status"] == "sent"
    assert db.outbox.find_one({"key": "import:b"})["status"] == "pending"
    assert relay.publish_pending() == 10
    seen = read_topic(stack.kafka_bootstrap, topic, lambda d: True, wait_for=25)
    assert sorted(d["id"] for d in seen) == sorted(e["id"] for e in events)
    assert {d["subject"] for d in seen} == {f"p-{i}" for i in range(25)}


def test_an_idle_relay_is_woken_by_the_outbox_change_stream_not_by_polling(stack, mongo, scratch):
    """Idle, the relay makes no queries: it waits on a change stream of the outbox (its safety
    poll is 30 s apart). A record written then is published well before that poll."""
    db, topic = scratch
    relay = CountingRelay(db, stack.kafka_bootstrap)
    calls = count_finds(relay, db)
    with running(relay, watched=True):
        time.sleep(2.0)
        quiet = len(calls)
        time.sleep(3.0)
        assert len(calls) - quiet <= 1            # no polling while idle (a 25 ms poll: ~120 finds)
        began = time.monotonic()
        ids = write_events(mongo, db, topic, ["k"], per_key=1)
        assert eventually(lambda: db.outbox.count_documents({"status": "sent"}) == 1, 5)
        assert time.monotonic() - began < 2.0, "published by the wake-up, not by the 30 s poll"
        assert relay.published == len(ids)


def test_an_idle_relay_lets_its_lease_run_out_and_takes_it_again_for_new_work(stack, mongo, scratch):
    """Renewing a lease is an oplog write that wakes every change stream of the server: an
    idle relay stops renewing (LEASE_IDLE after its last record) and takes the lease again,
    with one write, when a record comes."""
    db, topic = scratch
    relay = CountingRelay(db, stack.kafka_bootstrap, lease_ttl=16.0)   # renewed after ~5.3 s
    relay.LEASE_IDLE, relay.WATCHED_IDLE = 1.0, 2.0     # loop every 2 s, idle after 1 s
    with running(relay, watched=True):
        assert eventually(lambda: db.outbox_lease.find_one({"_id": "relay"}) is not None, 5)
        time.sleep(2.5)
        before = db.outbox_lease.find_one({"_id": "relay"})["renewed_at"]
        time.sleep(7.0)   # more than a renewal period, three idle loops
        assert db.outbox_lease.find_one({"_id": "relay"})["renewed_at"] == before
        ids = write_events(mongo, db, topic, ["k"], per_key=1)
        assert eventually(lambda: db.outbox.count_documents({"status": "sent"}) == 1, 5)
        assert relay.published == len(ids)
        lease = db.outbox_lease.find_one({"_id": "relay"})
        assert lease["owner"] == relay.lease.owner and lease["renewed_at"] > before


def test_a_relay_woken_for_a_record_looks_once_not_again_right_after_publishing(stack, mongo, scratch):
    """Once all that was pending went out, the relay waits for the next wake instead of
    looking again at once (that second look found nothing: one find per record saved)."""
    db, topic = scratch
    relay = CountingRelay(db, stack.kafka_bootstrap)
    calls = count_finds(relay, db)
    with running(relay, watched=True):
        time.sleep(1.0)
        before = len(calls)
        for n in range(4):
            write_events(mongo, db, topic, [f"k{n}"], per_key=1)
            assert eventually(lambda n=n: db.outbox.count_documents({"status": "sent"}) == n + 1, 5)
            time.sleep(0.3)
        assert relay.published == 4
        assert len(calls) - before <= 5            # one look per record (twice each before)
