"""Idling on the embedded broker (noida-db) without spinning.

noida-db answers every Fetch at once with an empty reply instead of waiting up to
fetch.wait.max.ms, so librdkafka's fetcher spins on an assigned partition (about half a core
in the client and a third in the broker, whatever the fetch settings). So, while idle, the
consumer has NO partition assigned and only probes the end offsets (ListOffsets, one small
request per partition every ~25 ms). When a partition has data beyond our position, every
partition is assigned at our own recorded positions (so nothing is skipped or lost), drained,
and unassigned again.

Measured on noida-db: pause()/resume() left the first fetch up to ~1 s late (librdkafka fetches
a resumed partition when its broker thread next wakes), incremental_assign() with an explicit
offset fetched within one probe period every time.

It also notices a broker restart (its log file can lose the last seconds, and the relay
re-publishes): then every partition is re-read from its start; the processed-event records
make that harmless."""
import logging
import threading

from confluent_kafka import Consumer, KafkaException, TopicPartition

log = logging.getLogger(__name__)


class IdleGate:
    def __init__(self, consumer: Consumer, committed: list[TopicPartition],
                 broker_lost: threading.Event):
        self.consumer = consumer
        self.broker_lost = broker_lost
        # (topic, partition) -> next offset to read; None: from the start (nothing committed)
        self.next: dict[tuple[str, int], int | None] = {
            (tp.topic, tp.partition): (tp.offset if tp.offset >= 0 else None) for tp in committed}
        self.assigned: list[TopicPartition] = []

    def wait_for_data(self, interval: float, stop: threading.Event) -> list[TopicPartition]:
        """Sleep one probe period, probe; if any partition has new data, assign them all at
        their positions and return the assignment, else return []."""
        stop.wait(interval)
        # serve the error callbacks (a lost broker); nothing is assigned, so no message comes
        # here, and one that did would be fetched again from our recorded position
        self.consumer.poll(0)
        lost = self.broker_lost.is_set()
        ends = {}
        try:
            for key in self.next:
                ends[key] = self.consumer.get_watermark_offsets(TopicPartition(*key), timeout=2,
                                                                cached=False)
        except KafkaException as e:
            log.debug("end-offset probe failed: %s", e)
            return []
        any_new = False
        for key, (low, high) in ends.items():
            pos = self.next[key]
            if pos is None or pos < low:
                pos = low
            if lost or high < pos:
                # a restarted broker may have lost the log's tail and received re-published
                # events since: read it all again; processed-event records skip the known ones
                log.warning("broker restart seen on %s[%d] (position %s, end %s): re-reading",
                            key[0], key[1], pos, high)
                pos = low
            self.next[key] = pos
            any_new = any_new or high > pos
        if lost:
            self.broker_lost.clear()
        if not any_new:
            return []
        self.assigned = [TopicPartition(t, p, self.next[(t, p)]) for t, p in self.next]
        self.consumer.incremental_assign(self.assigned)
        return self.assigned

    def consumed(self, msgs: list) -> None:
        for m in msgs:
            key = (m.topic(), m.partition())
            self.next[key] = max(self.next.get(key) or 0, m.offset() + 1)

    def park(self) -> None:
        if self.assigned:
            self.consumer.incremental_unassign(self.assigned)
            self.assigned = []
