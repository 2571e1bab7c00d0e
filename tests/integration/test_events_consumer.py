"""The consumer against the real Kafka and MongoDB, as the embedded stack runs it (assign mode,
idle gate): a burst is applied in a few transactions, each event once, duplicates skipped; a
lone event after idling arrives quickly; nothing is assigned (no fetch spinning) while idle."""
import threading
import time
import uuid

import pytest
from confluent_kafka import Producer

from services.common.events.consumer import ConsumerRunner, ConsumerSpec
from services.common.events.topics import ensure_topics
from tests.support.events import person_registered
from tests.support.wait import eventually

import services.registry.events  # noqa: F401,E402 - registers person.registered


class Counting(ConsumerRunner):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.transactions = 0

    def _transact(self, fn):
        self.transactions += 1
        return super()._transact(fn)


@pytest.fixture
def consumer_setup(stack, mongo):
    name = f"lex_test_consumer_{uuid.uuid4().hex[:8]}"
    topic = f"test.consumer{uuid.uuid4().hex[:8]}"
    ensure_topics(stack.kafka_bootstrap, [topic], partitions=3)
    db = mongo[name]

    def count(event, session):
        db.counts.update_one({"_id": "n"}, {"$inc": {"n": 1}}, upsert=True, session=session)

    runner = Counting(ConsumerSpec(f"g-{topic}", [topic], {"person.registered": count}), mongo, db,
                      stack.kafka_bootstrap, mode="assign", idle_probe=0.025)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    yield runner, db, topic
    runner.stop_event.set()
    thread.join(15)
    mongo.drop_database(name)


def counted(db) -> int:
    doc = db.counts.find_one({"_id": "n"})
    return doc["n"] if doc else 0


def publish_all(bootstrap, topic, events):
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "linger.ms": 20})
    for e in events:
        producer.produce(topic, key=e["subject"].encode(), value=__import__("json").dumps(e).encode())
    assert producer.flush(15) == 0


def test_a_burst_is_applied_in_batches_each_event_once(stack, consumer_setup):
    runner, db, topic = consumer_setup
    events = [person_registered("411325100", 2075) for _ in range(300)]
    publish_all(stack.kafka_bootstrap, topic, events + events[:20])       # 20 duplicates
    assert eventually(lambda: counted(db) >= 300, 30)
    time.sleep(1)
    assert counted(db) == 300
    assert db.processed_events.count_documents({}) == 300
    assert runner.transactions < 60, runner.transactions                  # not one per event


def test_after_idling_a_lone_event_is_handled_quickly(stack, consumer_setup):
    runner, db, topic = consumer_setup
    time.sleep(1.5)                                                       # idle: parked
    event = person_registered("411325100", 2076)
    t0 = time.monotonic()
    publish_all(stack.kafka_bootstrap, topic, [event])
    assert eventually(lambda: counted(db) == 1, 10, 0.01)
    # not a speed measurement (bench/ has those): it catches a parked consumer that waits for
    # a far-off wake-up, or never wakes; the bound leaves room for a loaded 2-core CI machine
    assert time.monotonic() - t0 < 3.0
