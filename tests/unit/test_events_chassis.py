"""The consumer's batching and fallback, and the embedded broker's idle gate, on fakes: an
in-memory processed-events store whose transactions roll back, fake Kafka messages and a fake
consumer that records what it was assigned."""
import copy
import json
import threading
import time

import pytest
from confluent_kafka import TopicPartition
from pymongo.errors import DuplicateKeyError

from services.common.events.consumer import ConsumerRunner, ConsumerSpec, group_specs, merge_specs
from services.common.events.idle import NEWS, IdleGate, StopSignal
import services.registry.events  # noqa: F401 - registers the person.registered contract
from tests.support.events import person_registered

TOPIC = "registry.person"


class FakeMsg:
    def __init__(self, value, offset: int, partition: int = 0, topic: str = TOPIC):
        self._value = value if isinstance(value, bytes) else json.dumps(value).encode()
        self._offset, self._partition, self._topic = offset, partition, topic

    def value(self): return self._value
    def key(self): return b"k"
    def topic(self): return self._topic
    def partition(self): return self._partition
    def offset(self): return self._offset
    def error(self): return None


class FakeCollection:
    def __init__(self):
        self.docs = {}

    def find(self, query, projection=None, session=None):
        return [{"_id": i} for i in query["_id"]["$in"] if i in self.docs]

    def insert_many(self, docs, ordered=True, session=None):
        for d in docs:
            self.insert_one(d)

    def insert_one(self, doc, session=None):
        if doc["_id"] in self.docs:
            raise DuplicateKeyError("dup")
        self.docs[doc["_id"]] = doc


class FakeDlq:
    def __init__(self):
        self.sent = []

    def produce(self, topic, key=None, value=None, headers=None):
        self.sent.append((topic, json.loads(value)))

    def flush(self, timeout=None):
        return 0


class Runner(ConsumerRunner):
    """The real runner with an in-memory database whose transactions undo on failure."""
    def __init__(self, handlers, max_attempts=2):
        super().__init__(ConsumerSpec("evaluation", [TOPIC], handlers), client=None, db=None,
                         bootstrap="unused:1", max_attempts=max_attempts, backoff=0,
                         dlq=FakeDlq())
        self.processed = FakeCollection()
        self.db = {"processed_events": self.processed}
        self.effects: list[str] = []
        self.transactions = 0

    def _transact(self, fn):
        self.transactions += 1
        saved = (copy.copy(self.processed.docs), list(self.effects))
        try:
            fn(None)
        except Exception:
            self.processed.docs, self.effects[:] = saved[0], saved[1]
            raise


def make_runner(fail_ids=(), max_attempts=2):
    ref = []

    def handler(event, session):
        ref[0].effects.append(event["id"])
        if event["id"] in fail_ids:
            raise RuntimeError("boom")
    runner = Runner({"person.registered": handler}, max_attempts=max_attempts)
    ref.append(runner)
    return runner


def events(n):
    return [person_registered("411325100", 2031) for _ in range(n)]


def test_one_poll_is_applied_in_one_transaction():
    runner = make_runner()
    evs = events(5)
    runner.handle_batch([FakeMsg(e, i) for i, e in enumerate(evs)])
    assert runner.transactions == 1
    assert runner.effects == [e["id"] for e in evs]
    assert set(runner.processed.docs) == {f"evaluation:{e['id']}" for e in evs}


def test_duplicates_in_a_batch_and_already_processed_events_are_skipped():
    runner = make_runner()
    a, b, c = events(3)
    runner.handle_batch([FakeMsg(a, 0)])
    runner.handle_batch([FakeMsg(a, 1), FakeMsg(b, 2), FakeMsg(b, 3), FakeMsg(c, 4)])
    assert runner.effects == [a["id"], b["id"], c["id"]]
    # a's: the unread insert of the processed records fails (rolled back), then the poll is
    # applied reading which are done
    assert runner.transactions == 1 + 2
    runner.handle_batch([FakeMsg(e, 5 + i) for i, e in enumerate(events(2))])
    assert runner.transactions == 3 + 1          # nothing redelivered: one, without a read


def test_a_failing_event_is_isolated_retried_and_dead_lettered_the_rest_applied_once():
    evs = events(4)
    bad = evs[2]["id"]
    runner = make_runner(fail_ids={bad}, max_attempts=3)
    runner.handle_batch([FakeMsg(e, i) for i, e in enumerate(evs)])
    good = [e["id"] for e in evs if e["id"] != bad]
    assert [x for x in runner.effects if x != bad] == good      # the batch's effects rolled back
    assert bad not in runner.effects                            # each failed attempt undone
    assert f"evaluation:{bad}" not in runner.processed.docs
    assert runner.transactions == 1 + 3 + 3                     # batch, 3 good, 3 attempts
    assert len(runner.dlq.sent) == 1
    topic, record = runner.dlq.sent[0]
    assert topic == TOPIC + ".dlq" and "after 3 attempts" in record["reason"]
    assert json.loads(record["payload"])["id"] == bad


def test_invalid_messages_go_to_the_dlq_and_the_valid_ones_in_one_transaction():
    runner = make_runner()
    a, b = events(2)
    broken = dict(a, id="x")  # not a uuid: fails the envelope schema
    runner.handle_batch([FakeMsg(b"{nope", 0), FakeMsg(a, 1), FakeMsg(broken, 2), FakeMsg(b, 3)])
    assert runner.effects == [a["id"], b["id"]] and runner.transactions == 1
    reasons = [r["reason"] for _, r in runner.dlq.sent]
    assert len(reasons) == 2 and "not valid JSON" in reasons[0] and "schema" in reasons[1]


def test_specs_of_one_group_share_one_consumer_and_groups_stay_apart():
    h1, h2 = (lambda e, s: None), (lambda e, s: None)
    merged = merge_specs([ConsumerSpec("ev", ["a"], {"x.done": h1}),
                          ConsumerSpec("ev", ["b", "a"], {"y.done": h2})])
    assert merged.topics == ["a", "b"] and set(merged.handlers) == {"x.done", "y.done"}
    assert len(group_specs([ConsumerSpec("ev", ["a"], {}), ConsumerSpec("jobs", ["a"], {})])) == 2
    with pytest.raises(ValueError):
        merge_specs([ConsumerSpec("ev", ["a"], {"x.done": h1}), ConsumerSpec("ev", ["a"], {"x.done": h2})])


# ---- idle gate -------------------------------------------------------------------------

class FakeConsumer:
    def __init__(self):
        self.assigned = None

    def poll(self, timeout):
        return None

    def incremental_assign(self, tps):
        self.assigned = [(tp.partition, tp.offset) for tp in tps]

    def incremental_unassign(self, tps):
        self.assigned = None


class FakeEnds:
    """EndOffsets of partitions (low, high) by partition number; counts its requests."""
    def __init__(self, ends):
        self.ends = ends
        self.requests = 0

    def latest(self, keys, max_age):
        self.requests += 1          # one request for all partitions
        return {k: self.ends[k[1]][1] for k in keys}

    def earliest(self, keys):
        self.requests += bool(keys)
        return {k: self.ends[k[1]][0] for k in keys}


def gate(ends, committed):
    consumer, fake_ends = FakeConsumer(), FakeEnds(ends)
    tps = [TopicPartition(TOPIC, p, o) for p, o in committed.items()]
    g = IdleGate(consumer, tps, threading.Event(), fake_ends)
    consumer.ends = fake_ends.ends
    consumer.requests = lambda: fake_ends.requests
    return consumer, g


def test_idle_gate_assigns_nothing_while_there_is_nothing_new():
    consumer, g = gate({0: (0, 5), 1: (0, 0)}, {0: 5, 1: -1001})
    assert g.wait_for_data(0, threading.Event()) == []
    assert consumer.assigned is None and consumer.requests() == 2   # latest + the one earliest
    assert g.wait_for_data(0, threading.Event()) == []
    assert consumer.requests() == 3                                 # then one per probe


def test_idle_gate_assigns_the_partitions_with_data_at_their_positions():
    consumer, g = gate({0: (0, 5), 1: (2, 9), 2: (0, 4)}, {0: 5, 1: -1001, 2: 4})
    consumer.ends[0] = (0, 6)
    assert g.wait_for_data(0, threading.Event())
    # committed; nothing committed: the start; partition 2 is caught up and stays unassigned
    # (its empty fetches would spin while the others are read)
    assert consumer.assigned == [(0, 5), (1, 2)]
    g.consumed([FakeMsg({}, 5, 0), FakeMsg({}, 2, 1), FakeMsg({}, 3, 1)])
    g.park()
    assert consumer.assigned is None and g.next == {(TOPIC, 0): 6, (TOPIC, 1): 4, (TOPIC, 2): 4}


def test_idle_gate_rereads_from_the_start_after_a_broker_restart():
    consumer, g = gate({0: (0, 3), 1: (0, 8)}, {0: 7, 1: 8})   # partition 0 lost its tail
    assert g.wait_for_data(0, threading.Event())
    assert consumer.assigned == [(0, 0)]                       # partition 1 is caught up
    g.park()
    consumer.ends.update({0: (0, 7), 1: (0, 8)})
    g.broker_lost.set()                                        # the client saw it go away
    g.next[(TOPIC, 0)] = 7
    assert g.wait_for_data(0, threading.Event())
    assert consumer.assigned == [(0, 0), (1, 0)] and not g.broker_lost.is_set()


def test_news_from_this_process_relay_cuts_a_cold_probe_period_short_and_probes_afresh():
    consumer, g = gate({0: (0, 5), 1: (0, 0)}, {0: 5, 1: 0})
    g.last_data -= 60                                        # cold: a 1 s period at 25 ms base
    consumer.ends[0] = (0, 6)
    ages = []
    real_latest = g.ends.latest
    g.ends.latest = lambda keys, max_age: ages.append(max_age) or real_latest(keys, max_age)
    threading.Timer(0.01, NEWS.publish).start()
    began = time.monotonic()
    assert g.wait_for_data(0.025, threading.Event())
    assert time.monotonic() - began < 0.9                    # not the full 1 s cold period
    assert ages == [0.0]                                      # no cached answer from before



def test_news_of_another_topic_does_not_wake_a_gate():
    """The relay says which topics it published; a gate that reads none of them sleeps on
    (the registry's relay publishes person events its own consumers never read)."""
    consumer, g = gate({0: (0, 5)}, {0: 5})
    g.last_data -= 60
    stop = StopSignal()
    threading.Timer(0.01, NEWS.publish, args=({"some.other.topic"},)).start()
    threading.Timer(0.15, stop.set).start()
    began = time.monotonic()
    assert g.wait_for_data(0.025, stop) == []
    assert time.monotonic() - began > 0.14                    # slept on until the stop


def test_news_of_its_topic_wakes_a_gate():
    consumer, g = gate({0: (0, 5)}, {0: 5})
    g.last_data -= 60
    consumer.ends[0] = (0, 6)
    threading.Timer(0.01, NEWS.publish, args=({TOPIC},)).start()
    began = time.monotonic()
    assert g.wait_for_data(0.025, StopSignal())
    assert time.monotonic() - began < 0.5

def test_a_cold_gate_without_news_sleeps_its_whole_period_and_a_stop_ends_it_soon():
    consumer, g = gate({0: (0, 5)}, {0: 5})
    g.last_data -= 60
    stop = StopSignal()                                        # its set() wakes the wait
    threading.Timer(0.05, stop.set).start()
    began = time.monotonic()
    assert g.wait_for_data(0.025, stop) == []                  # cold period 1 s, stopped at 0.05
    assert 0.045 < time.monotonic() - began < 0.9              # more than the hot 25 ms period



def test_an_idle_gate_wakes_only_for_news_or_a_stop_not_to_check_its_stop_flag():
    """An idle gate sleeps its whole period in one wait: the wait returns early only for news
    or a StopSignal, so a process of idle consumers does not wake four times a second each."""
    consumer, g = gate({0: (0, 5)}, {0: 5})
    g.last_data -= 60
    waits, stop = [], StopSignal()
    real = NEWS.cond.wait

    def wait(timeout=None):
        # what the gate asks to sleep, then a stop instead of sleeping it (a gate that looked
        # at its stop flag four times a second would ask for 0.25 s here)
        waits.append(timeout)
        stop.set()
        return True
    NEWS.cond.wait = wait
    try:
        assert g.wait_for_data(0.0075, stop) == []      # cold: 0.3 s
    finally:
        NEWS.cond.wait = real
    assert len(waits) == 1 and abs(waits[0] - 0.3) < 0.05

# ---- batch handlers -----------------------------------------------------------------------

def test_a_batch_handler_gets_the_polls_new_events_at_once_and_a_failure_falls_back_to_one_by_one():
    calls, single = [], []

    def batch(evs, session):
        calls.append([e["id"] for e in evs])
        if any(e["id"] == bad["id"] for e in evs):
            raise RuntimeError("boom")

    def one(event, session):
        single.append(event["id"])
    runner = Runner({"person.registered": one})
    runner.spec.batch_handler = batch
    a, b, c, bad, d = events(5)
    runner.handle_batch([FakeMsg(a, 0)])                        # alone: the one-event path
    assert calls == [] and single == [a["id"]]
    runner.handle_batch([FakeMsg(a, 1), FakeMsg(b, 2), FakeMsg(c, 3)])
    # a was processed before: the unread insert fails and is rolled back, then b and c
    assert calls == [[b["id"], c["id"]]] and runner.transactions == 3
    runner.handle_batch([FakeMsg(bad, 4), FakeMsg(d, 5)])
    assert calls[-1] == [bad["id"], d["id"]] and single[-2:] == [bad["id"], d["id"]]


def test_merged_specs_batch_each_spec_its_own_types_and_one_by_one_for_those_without():
    seen = []
    first = ConsumerSpec("g", ["t1"], {"a.x": lambda e, s: None},
                         batch_handler=lambda evs, s: seen.append(("batch", [e["id"] for e in evs])))
    second = ConsumerSpec("g", ["t2"], {"b.y": lambda e, s: seen.append(("one", e["id"]))})
    merged = merge_specs([first, second])
    merged.batch_handler([{"id": "1", "type": "a.x"}, {"id": "2", "type": "b.y"},
                          {"id": "3", "type": "a.x"}, {"id": "4", "type": "b.y"}], None)
    assert seen == [("batch", ["1", "3"]), ("one", "2"), ("one", "4")]
    assert merge_specs([second]).batch_handler is None


def test_a_gated_consumer_unassigns_before_handling_and_probes_at_once_when_data_was_left(monkeypatch):
    """Assigned partitions make librdkafka spin on the embedded broker's empty fetches: the
    consumer takes ONE poll's messages, parks, then handles them; after a poll with messages
    the next probe does not wait its period."""
    import services.common.events.consumer as consumer_module
    steps = []
    runner = Runner({"person.registered": lambda e, s: steps.append(("handle", e["id"]))})
    runner.idle_probe = 0.025
    runner.batch = 2
    evs = events(3)

    class Gate:
        def __init__(self, *a):
            self.rounds = 0

        def wait_for_data(self, interval, stop, at_once=False):
            steps.append(("probe", at_once))
            self.rounds += 1
            if self.rounds > 2:
                stop.set()
                return []
            return [TopicPartition(TOPIC, 0, 0)]

        def consumed(self, msgs):
            steps.append(("consumed", [m.offset() for m in msgs]))

        def park(self):
            steps.append(("park",))

    class Consumer:
        queue = [FakeMsg(e, i) for i, e in enumerate(evs)]

        def poll(self, timeout):
            steps.append(("poll", timeout))
            return self.queue.pop(0) if self.queue else None

        def consume(self, n, timeout):
            taken, self.queue[:n] = self.queue[:n], []
            return taken

        def commit(self, offsets, asynchronous):
            steps.append(("commit", [tp.offset for tp in offsets]))

    monkeypatch.setattr(consumer_module, "IdleGate", Gate)
    monkeypatch.setattr(consumer_module, "end_offsets", lambda bootstrap: None)
    monkeypatch.setattr(runner, "_partitions", lambda consumer: [])
    runner._run_gated(Consumer())
    a, b, c = (e["id"] for e in evs)
    assert steps == [("probe", False), ("poll", 2.0), ("park",), ("handle", a), ("handle", b),
                     ("commit", [2]), ("consumed", [0, 1]),
                     ("probe", True), ("poll", 2.0), ("park",), ("handle", c),
                     ("commit", [3]), ("consumed", [2]),
                     ("probe", True)]


def test_events_leave_compressed():
    from services.common.events.relay import producer_config
    assert producer_config("127.0.0.1:1")["compression.type"] == "zstd"
