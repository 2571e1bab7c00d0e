"""Publishing raw events and reading topics, for the consumer tests."""
import json
import time
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition


def person_registered(township: str, year: int, person_id: str | None = None) -> dict:
    person_id = person_id or uuid.uuid4().hex
    return {
        "id": str(uuid.uuid4()), "type": "person.registered", "version": 1,
        "source": "registry", "subject": person_id,
        "occurred_at": f"{year}-03-01T08:00:00.000Z", "actor": None, "correlation_id": None,
        "data": {"person_id": person_id, "township_code": township,
                 "village_code": township + "201", "sex": "female", "birth_date": "1990-01-01",
                 "status": "surplus", "education": None, "skills": [], "job_intention": None,
                 "registered_at": f"{year}-03-01T08:00:00+00:00"},
    }


def publish(bootstrap: str, topic: str, key: str, payload) -> None:
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    value = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    producer.produce(topic, key=key.encode(), value=value)
    assert producer.flush(15) == 0, "broker did not acknowledge"


def read_topic(bootstrap: str, topic: str, match, timeout: float = 20.0,
               wait_for: int = 0) -> list[dict]:
    """Every JSON message on `topic` (from the start to the end offsets it has now) for which
    match(msg) is true; read again until at least `wait_for` match or the time is up."""
    deadline = time.monotonic() + timeout
    while True:
        found = _read_to_end(bootstrap, topic, match, max(1.0, deadline - time.monotonic()))
        if len(found) >= wait_for or time.monotonic() >= deadline:
            return found
        time.sleep(0.3)


def _read_to_end(bootstrap: str, topic: str, match, timeout: float) -> list[dict]:
    """Reads until each partition's position reaches its high watermark, not until the
    first empty poll: a slow fetch after a restart is not the end of the topic."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"test-{uuid.uuid4().hex}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    found, deadline = [], time.monotonic() + timeout
    try:
        meta = consumer.list_topics(topic, timeout=timeout).topics[topic]
        parts = [TopicPartition(topic, p) for p in meta.partitions]
        ends = {}
        for tp in parts:
            low, high = consumer.get_watermark_offsets(tp, timeout=timeout, cached=False)
            if high > low:
                ends[tp.partition] = high
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in ends])
        while ends and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None or msg.error():
                continue
            if msg.offset() + 1 >= ends.get(msg.partition(), 0):
                ends.pop(msg.partition(), None)
            doc = json.loads(msg.value())
            if match(doc):
                found.append(doc)
        assert not ends, f"{topic}: did not reach the end offsets {ends} in {timeout}s"
    finally:
        consumer.close()
    return found
