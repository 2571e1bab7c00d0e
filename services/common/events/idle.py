"""Idling on the embedded broker (noida-db) without spinning.

noida-db answers every Fetch at once with an empty reply instead of waiting up to
fetch.wait.max.ms, so librdkafka's fetcher spins on an assigned partition (about half a core
in the client and a third in the broker, whatever the fetch settings). So, while idle, the
consumer has NO partition assigned and only probes the end offsets: ONE ListOffsets request
for every partition the process watches (EndOffsets, shared by all the consumers of a worker),
every 25 ms while events flow and for 10 s after, every second when idle longer (the first
event from another service after a long quiet may wait that much more). Events of this
process's own relay do not wait: the relay tells the gates of its process when it published
(NEWS), and they probe at once. The partitions that have data beyond our positions are
assigned at those recorded positions (so nothing is skipped or lost), ONE poll's messages are
taken, and they are unassigned again BEFORE the messages are handled: while a batch is applied
(tens to hundreds of ms) an assigned, caught-up partition spins. After a poll with messages the
next probe is made at once.

Measured on noida-db: pause()/resume() left the first fetch up to ~1 s late (librdkafka fetches
a resumed partition when its broker thread next wakes), incremental_assign() with an explicit
offset fetched within one probe period every time.

It also notices a broker restart (its log file can lose the last seconds, and the relay
re-publishes): then every partition is re-read from its start; the processed-event records
make that harmless."""
import logging
import threading
import time
from typing import Callable

from confluent_kafka import Consumer, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient, OffsetSpec

log = logging.getLogger(__name__)
Key = tuple[str, int]


class EndOffsets:
    """End offsets of every watched partition with one request, cached for a probe period, so
    the consumers of one process cost one request per period between them."""
    def __init__(self, bootstrap: str):
        self.admin = AdminClient({"bootstrap.servers": bootstrap, "reconnect.backoff.max.ms": 2000})
        self.lock = threading.Lock()
        self.watched: set[Key] = set()
        self.cache: dict[Key, int] = {}
        self.at = 0.0

    def _ask(self, keys, spec) -> dict[Key, int]:
        futures = self.admin.list_offsets({TopicPartition(t, p): spec for t, p in keys},
                                          request_timeout=2)
        return {(tp.topic, tp.partition): f.result(timeout=3).offset for tp, f in futures.items()}

    def latest(self, keys: list[Key], max_age: float) -> dict[Key, int]:
        with self.lock:
            self.watched.update(keys)
            if time.monotonic() - self.at > max_age or not self.watched <= set(self.cache):
                self.cache = self._ask(self.watched, OffsetSpec.latest())
                self.at = time.monotonic()
            return {k: self.cache[k] for k in keys}

    def earliest(self, keys: list[Key]) -> dict[Key, int]:
        return self._ask(keys, OffsetSpec.earliest()) if keys else {}


class News:
    """"This process's relay just published": wakes the idle gates of the same process, which
    then probe at once instead of at their next period (e.g. jobs' search indexer, fed by jobs'
    own posting events, sees a withdrawal at once even after a long quiet)."""
    def __init__(self):
        self.cond = threading.Condition()
        self.generation = 0
        self.by_topic: dict[str, int] = {}   # topic -> generation of its last news
        self.everyone = 0                    # generation of the last news for every topic

    def publish(self, topics=()) -> None:
        """News of these topics (none given: of every topic). Only the gates watching one of
        them wake: the registry's own consumers do not read the person events its relay
        publishes, and each wake-up was an end-offset request."""
        with self.cond:
            self.generation += 1
            for topic in topics:
                self.by_topic[topic] = self.generation
            if not topics:
                self.everyone = self.generation
            self.cond.notify_all()

    def _fresh(self, seen: int, topics) -> bool:
        if topics is None:
            return self.generation != seen
        return self.everyone > seen or any(self.by_topic.get(t, 0) > seen for t in topics)

    def poke(self) -> None:
        """Wake the waiters without news: they look at their stop flags."""
        with self.cond:
            self.cond.notify_all()

    def wait(self, seen: int, timeout: float, stop: threading.Event | None = None,
             topics=None) -> int:
        """The generation once there is news (of `topics`, if given) after `seen`; `seen`
        itself when the timeout or a stop came first."""
        with self.cond:
            self.cond.wait_for(
                lambda: self._fresh(seen, topics) or (stop is not None and stop.is_set()), timeout)
            return self.generation if self._fresh(seen, topics) else seen


NEWS = News()


class StopSignal(threading.Event):
    """A stop flag whose set() also wakes the waits that would otherwise have to poll it (the
    idle gates' news wait, a relay's change-stream wait), so that idle loops sleep their whole
    period: four stop checks a second per gate were most of an idle worker's wake-ups."""
    def __init__(self):
        super().__init__()
        self.wakes: list[Callable[[], None]] = [NEWS.poke]

    def set(self) -> None:
        super().set()
        for wake in self.wakes:
            wake()

_shared: dict[str, EndOffsets] = {}
_shared_lock = threading.Lock()


def end_offsets(bootstrap: str) -> EndOffsets:
    with _shared_lock:
        if bootstrap not in _shared:
            _shared[bootstrap] = EndOffsets(bootstrap)
        return _shared[bootstrap]


class IdleGate:
    HOT_SECONDS = 10.0   # probe at the base period this long after the last data
    COLD_FACTOR = 40     # then this many times slower (a probe of ~25 partitions costs ~1 ms)

    def __init__(self, consumer: Consumer, committed: list[TopicPartition],
                 broker_lost: threading.Event, ends: EndOffsets):
        self.consumer = consumer
        self.ends = ends
        self.last_data = time.monotonic()
        self.broker_lost = broker_lost
        # (topic, partition) -> next offset to read; None: from the start (nothing committed)
        self.next: dict[tuple[str, int], int | None] = {
            (tp.topic, tp.partition): (tp.offset if tp.offset >= 0 else None) for tp in committed}
        self.assigned: list[TopicPartition] = []
        self.seen_news = NEWS.generation
        self.topics = {topic for topic, _ in self.next}

    def _sleep(self, period: float, stop: threading.Event) -> bool:
        """One probe period, cut short by news from this process's relay (True) or a stop
        (a StopSignal wakes the wait; a plain Event is seen at the period's end)."""
        if stop.is_set():
            return False
        news = NEWS.wait(self.seen_news, period, stop, self.topics)
        if news != self.seen_news:
            self.seen_news = news
            return True
        return False

    def wait_for_data(self, interval: float, stop: threading.Event,
                      at_once: bool = False) -> list[TopicPartition]:
        """Sleep one probe period (none `at_once`: data is known to be waiting), probe; assign
        the partitions that have data beyond our positions, from those positions, and return
        the assignment, else return []. A caught-up partition stays unassigned: its empty
        fetches would spin while the others are read."""
        cold = time.monotonic() - self.last_data > self.HOT_SECONDS
        period = interval * (self.COLD_FACTOR if cold else 1)
        news = True if at_once else self._sleep(period, stop)
        # serve the error callbacks (a lost broker); nothing is assigned, so no message comes
        # here, and one that did would be fetched again from our recorded position
        self.consumer.poll(0)
        lost = self.broker_lost.is_set()
        keys = list(self.next)
        try:
            # the other gates' answer will do, unless it predates the news
            highs = self.ends.latest(keys, 0.0 if news else period * 0.8)
            # a restarted broker may have lost the log's tail and received re-published
            # events since: read it all again; processed-event records skip the known ones
            rewind = [k for k in keys if lost or self.next[k] is None or highs[k] < self.next[k]]
            lows = self.ends.earliest(rewind)
        except KafkaException as e:
            log.debug("end-offset probe failed: %s", e)
            return []
        for key in rewind:
            if self.next[key] is not None:
                log.warning("broker restart seen on %s[%d] (position %s, end %s): re-reading",
                            key[0], key[1], self.next[key], highs[key])
            self.next[key] = lows[key]
        if lost:
            self.broker_lost.clear()
        ready = [k for k in keys if highs[k] > self.next[k]]
        if not ready:
            return []
        self.last_data = time.monotonic()
        self.assigned = [TopicPartition(t, p, self.next[(t, p)]) for t, p in ready]
        self.consumer.incremental_assign(self.assigned)
        return self.assigned

    def consumed(self, msgs: list) -> None:
        for m in msgs:
            key = (m.topic(), m.partition())
            self.next[key] = max(self.next.get(key) or 0, m.offset() + 1)

    def park(self) -> None:
        self.last_data = time.monotonic()
        if self.assigned:
            self.consumer.incremental_unassign([TopicPartition(t.topic, t.partition)
                                                for t in self.assigned])
            self.assigned = []
