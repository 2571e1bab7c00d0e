"""Nothing is lost, nothing counted twice: processes killed between a write and its event,
consumers killed mid-batch, duplicate and invalid events, a broker restart."""
import json
import threading
import time
import uuid
from datetime import date


from tests.support.events import person_registered, publish, read_topic
from tests.support.ids import make_id_number
from tests.support.wait import eventually

YEAR = date.today().year


def person(town: str) -> dict:
    return {"name": "孙八", "id_number": make_id_number(), "phone": "13512345678",
            "township_code": town, "village_code": town + "201"}


def restart(stack, name: str, fault: str | None = None) -> None:
    stack.kill(name)
    env = {"FAULT_CRASH_AT": fault} if fault else None
    if name.endswith("-worker"):
        stack.start_worker(name[:-len("-worker")], env)
    else:
        stack.start_service(name, env)
        stack.wait_service(name)


def wait_dead(stack, name: str, timeout: float = 30) -> None:
    assert eventually(lambda: stack.pid(name) is None, timeout, 0.2), \
        f"{name} did not crash at its fault point"


def copies_on_topic(stack, topic: str, **match) -> list[dict]:
    return read_topic(stack.kafka_bootstrap, topic,
                      lambda d: all(d.get(k) == v for k, v in match.items()), timeout=8)


def test_registry_killed_after_commit_before_publish(api, stack, mongo):
    town = "411325104"
    before = api.registered(YEAR, town)
    stack.kill("registry-worker")                 # nothing can be relayed from here on
    restart(stack, "registry", "registry_after_commit")
    body = person(town)
    try:
        r = api.call("POST", "/api/registry/persons", as_user="county_admin", json=body)
        assert r.status_code == 502               # the process died before it could answer
        stored = mongo.lex_registry.persons.find_one({"id_number": body["id_number"]})
        assert stored is not None                 # ...but after its commit
        record = mongo.lex_registry.outbox.find_one({"key": stored["_id"]})
        assert record["status"] == "pending"
    finally:
        restart(stack, "registry")
        stack.start_worker("registry")
    assert api.wait_registered(YEAR, town, before + 1) == before + 1
    assert eventually(lambda: mongo.lex_registry.outbox.find_one({"key": stored["_id"]})["status"] == "sent")
    assert len(copies_on_topic(stack, "registry.person", subject=stored["_id"])) == 1


def test_relay_killed_after_publish_before_marking_sent(api, stack, mongo):
    town = "411325106"
    before = api.registered(YEAR, town)
    restart(stack, "registry-worker", "relay_after_publish")
    r = api.call("POST", "/api/registry/persons", as_user="county_admin", json=person(town))
    assert r.status_code == 201
    pid = r.json()["id"]
    wait_dead(stack, "registry-worker")
    assert mongo.lex_registry.outbox.find_one({"key": pid})["status"] == "pending"
    stack.start_worker("registry")
    assert api.wait_registered(YEAR, town, before + 1, timeout=45) == before + 1
    # the new relay takes the dead one's lease (see lease.py), publishes again and marks it
    assert eventually(lambda: mongo.lex_registry.outbox.find_one({"key": pid})["status"] == "sent", 45)
    copies = copies_on_topic(stack, "registry.person", subject=pid)
    assert len(copies) == 2 and copies[0]["id"] == copies[1]["id"]   # published twice, counted once


def test_same_event_delivered_twice_is_counted_once(api, stack):
    town, year = "411325107", 2071
    event = person_registered(town, year)
    publish(stack.kafka_bootstrap, "registry.person", event["subject"], event)
    publish(stack.kafka_bootstrap, "registry.person", event["subject"], event)
    assert api.wait_registered(year, town, 1) == 1


def test_consumer_killed_mid_batch_handles_each_event_once(api, stack):
    town, year = "411325108", 2072
    restart(stack, "evaluation-worker", "consumer_after_handle")
    events = [person_registered(town, year) for _ in range(5)]
    for e in events:
        publish(stack.kafka_bootstrap, "registry.person", e["subject"], e)
    wait_dead(stack, "evaluation-worker", timeout=60)
    stack.start_worker("evaluation")
    assert api.wait_registered(year, town, 5, timeout=60, settle=2.0) == 5


def test_invalid_event_goes_to_dlq_and_the_partition_moves_on(api, stack):
    town, year = "411325109", 2073
    key = uuid.uuid4().hex
    bad = person_registered(town, year, person_id=key)
    bad["data"]["township_code"] = "not-a-code"
    good = person_registered(town, year, person_id=key)   # same key: same partition, after it
    publish(stack.kafka_bootstrap, "registry.person", key, bad)
    publish(stack.kafka_bootstrap, "registry.person", key, b"{not json")
    publish(stack.kafka_bootstrap, "registry.person", key, good)
    assert api.wait_registered(year, town, 1) == 1
    # every consumer group of the topic dead-letters on its own; this is evaluation's
    dead = read_topic(stack.kafka_bootstrap, "registry.person.dlq",
                      lambda d: d.get("key") == key and d["consumer_group"] == "evaluation",
                      wait_for=2)
    reasons = sorted(d["reason"] for d in dead)
    assert len(dead) == 2
    assert any("schema" in r and "township_code" in r for r in reasons)
    assert any("not valid JSON" in r for r in reasons)
    assert json.loads(next(d for d in dead if "schema" in d["reason"])["payload"])["id"] == bad["id"]
    assert all(d["consumer_group"] == "evaluation" for d in dead)


def test_failing_handler_is_retried_then_dead_lettered(stack, mongo):
    from services.common.events.consumer import ConsumerRunner, ConsumerSpec
    from services.common.events.topics import ensure_topics
    topic = f"test.retry{uuid.uuid4().hex[:6]}"
    ensure_topics(stack.kafka_bootstrap, [topic], partitions=1)
    calls = []

    def failing(event, session):
        calls.append(time.monotonic())
        raise RuntimeError("boom")

    runner = ConsumerRunner(ConsumerSpec(f"g-{topic}", [topic], {"person.registered": failing}),
                            mongo, mongo.lex_test, stack.kafka_bootstrap, max_attempts=3, backoff=0.05)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    try:
        event = person_registered("411325110", 2074)
        publish(stack.kafka_bootstrap, topic, event["subject"], event)
        dead = read_topic(stack.kafka_bootstrap, topic + ".dlq", lambda d: True, timeout=30,
                          wait_for=1)
    finally:
        runner.stop_event.set()
        thread.join(15)
    assert len(calls) == 3
    assert len(dead) == 1 and "handler error after 3 attempts" in dead[0]["reason"]
    assert "boom" in dead[0]["reason"]
    # a failed handling leaves no processed-event record behind (it would hide a retry)
    assert mongo.lex_test.processed_events.count_documents({"event_id": event["id"]}) == 0


def test_broker_restart_while_registering_loses_nothing(api, embedded):
    stack = embedded
    town = "411325105"
    before = api.registered(YEAR, town)
    acked, errors, stop = [], [], threading.Event()

    def register_continuously():
        while not stop.is_set():
            r = api.call("POST", "/api/registry/persons", as_user="county_admin", json=person(town))
            (acked if r.status_code == 201 else errors).append(r.status_code)
            time.sleep(0.05)

    load = threading.Thread(target=register_continuously)
    load.start()
    try:
        time.sleep(2)
        stack.kill("noida-db")                 # the broker goes away mid-stream...
        during = len(acked)
        went_on = eventually(lambda: len(acked) > during, 30)
    finally:
        if stack.pid("noida-db") is None:
            stack.start_kafka_es()             # and it comes back, whatever happened
        time.sleep(3)
        stop.set()
        load.join(30)
    assert went_on                             # ...registrations were still acknowledged
    assert not errors, errors
    assert api.wait_registered(YEAR, town, before + len(acked), timeout=120, settle=3) == before + len(acked)
