"""Publishing raw events and reading topics, for the consumer tests."""
import json
import time
import uuid

from confluent_kafka import Consumer, Producer


def person_registered(township: str, year: int, person_id: str | None = None) -> dict:
    person_id = person_id or uuid.uuid4().hex
    return {
        "id": str(uuid.uuid4()), "type": "person.registered", "version": 1,
        "source": "registry", "subject": person_id,
        "occurred_at": f"{year}-03-01T08:00:00.000Z", "actor": None, "correlation_id": None,
        "data": {"person_id": person_id, "township_code": township,
                 "village_code": township + "201", "sex": "female", "birth_date": "1990-01-01",
                 "status": "surplus", "skills": [], "registered_at": f"{year}-03-01T08:00:00+00:00"},
    }


def publish(bootstrap: str, topic: str, key: str, payload) -> None:
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    value = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    producer.produce(topic, key=key.encode(), value=value)
    assert producer.flush(15) == 0, "broker did not acknowledge"


def read_topic(bootstrap: str, topic: str, match, timeout: float = 20.0) -> list[dict]:
    """Every JSON message on `topic` (from the start) for which match(msg) is true."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"test-{uuid.uuid4().hex}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    found, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None or msg.error():
                if found:
                    break
                continue
            doc = json.loads(msg.value())
            if match(doc):
                found.append(doc)
    finally:
        consumer.close()
    return found
