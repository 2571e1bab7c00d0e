"""Publishes pending outbox records with an idempotent producer and marks each published batch
sent with one write once the broker acknowledged it. A crash between publish and mark
re-publishes on restart: the event id is unchanged, so idempotent consumers see it once.

Only the holder of the service's lease (lease.py) publishes. Housekeeping, by the holder too:
sent records older than the retention are purged in small batches; and with the embedded
broker, whose log file can lose its last seconds on a crash, the sent records of the last
minutes go back to pending when the connection to the broker was lost (consumers de-duplicate).

Idle: a change stream on the outbox wakes the relay when a record is written
(services/common/watch.py), so an idle relay makes no queries (a safety poll runs every 30 s)
and lets its lease run out until there is work again. Without a change stream the outbox is
polled every 25 ms while events flow and for a few seconds after, then ever less often, up to
once a second. After each publish the consumers of this process that read a published topic
are told at once (idle.NEWS), so they do not wait for their next end-offset probe."""
import json
import logging
import threading
import time
from datetime import datetime, timedelta, timezone

from confluent_kafka import KafkaError, KafkaException, Producer
from pymongo.database import Database

from ..faults import crash_point
from ..watch import InsertWatch
from .idle import NEWS, StopSignal
from .lease import Lease
from .outbox import COLLECTION, ensure_outbox_indexes

log = logging.getLogger(__name__)


def producer_config(bootstrap: str, delivery_timeout_ms: int = 60000) -> dict:
    return {
        "bootstrap.servers": bootstrap,
        "enable.idempotence": True,   # acks=all, no duplicates or reordering on retry
        "acks": "all",
        "linger.ms": 2,
        # batches stored and sent compressed. The embedded broker rewrites its whole log as
        # JSON every few seconds while written to: 20,000 person events made a 44 MB file,
        # 7 MB with zstd, and a 100,000-row import cost it 101 s of CPU uncompressed
        "compression.type": "zstd",
        "message.timeout.ms": delivery_timeout_ms,  # undelivered after this -> pending, retried
        "reconnect.backoff.max.ms": 2000,
    }


class OutboxRelay:
    # a publish starts only with more lease left than this delivery timeout + the flush
    DELIVERY_TIMEOUT = 6.0
    FLUSH = 4.0
    HOT_SECONDS = 5.0      # keep polling fast this long after the last record
    PURGE_EVERY = 600.0    # seconds between purge passes
    WATCHED_IDLE = 30.0    # the safety poll while the change stream watches the outbox
    # lease_ttl 45 s: renewed every 15 s while there is work, and left to run out when there is
    # none (LEASE_IDLE after the last record): each renewal is an oplog write, and every oplog
    # write wakes every change stream of the server, so six idle relays renewing woke eight
    # streams three times a second between them. A dead relay of another host is replaced after
    # at most the ttl (one of this host at once, see lease.py).
    LEASE_IDLE = 20.0

    def __init__(self, db: Database, bootstrap: str, batch: int = 500, idle_sleep: float = 0.025,
                 max_idle_sleep: float = 1.0, lease_ttl: float = 45.0,
                 retention: timedelta = timedelta(days=7), republish: timedelta | None = None,
                 purge_batch: int = 1000):
        self.db = db
        self.col = db[COLLECTION]
        self.bootstrap = bootstrap
        self.producer_broken = False
        self.producer = self._producer()
        self.last_report = time.monotonic()
        self.batch = batch
        self.idle_sleep = idle_sleep
        self.max_idle_sleep = max_idle_sleep
        self.lease = Lease(db, lease_ttl)
        if lease_ttl * 2 / 3 <= self.DELIVERY_TIMEOUT + self.FLUSH:
            raise ValueError("lease_ttl too short for the delivery timeout")
        self.retention = retention
        self.republish = republish   # None: a durable broker, nothing to re-publish
        self.purge_batch = purge_batch
        self.next_purge = 0.0
        self.broker_lost_at: datetime | None = None
        self.in_flight: set[str] = set()
        self.acked: list[str] = []
        self.more = False   # the last publish left records for the next round
        self.published_topics: set[str] = set()   # of the last publish, for idle.NEWS
        # Re-entrant: a dropped producer is finalised whenever the garbage collector runs,
        # and its last delivery reports and errors then call back into this relay on whatever
        # thread that is, possibly one inside `with self.lock` (seen: the relay deadlocked on
        # itself after a broker restart made its producer fatal).
        self.lock = threading.RLock()
        self.stop_event = StopSignal()
        ensure_outbox_indexes(db)

    # ---- publishing ------------------------------------------------------------------
    def _producer(self) -> Producer:
        return Producer(dict(producer_config(self.bootstrap, int(self.DELIVERY_TIMEOUT * 1000)),
                             error_cb=self._on_error))

    def _on_error(self, err) -> None:
        if err.fatal():
            # e.g. a restarted broker that forgot this idempotent producer's sequence numbers:
            # the producer is unusable; a new one is made (what it had in flight is pending)
            self.producer_broken = True
        if err.code() in (KafkaError._ALL_BROKERS_DOWN, KafkaError._TRANSPORT):
            with self.lock:
                self.broker_lost_at = self.broker_lost_at or datetime.now(timezone.utc)
        log.warning("kafka: %s", err)

    def _renew_producer(self, why: str) -> None:
        """A new producer (new producer id, fresh sequence numbers). The old one's queue is
        purged: what it held is still pending in the outbox and goes out again, in order."""
        log.warning("new producer: %s", why)
        old, self.producer = self.producer, self._producer()
        try:
            old.purge(in_queue=True, in_flight=True)
            old.poll(0)
        except Exception:  # noqa: BLE001 - it is dropped either way
            pass
        with self.lock:
            self.in_flight.clear()
            self.acked = []
        self.last_report = time.monotonic()

    def _delivered(self, event_id: str, err) -> None:
        self.last_report = time.monotonic()
        with self.lock:
            self.in_flight.discard(event_id)
            if err is None:
                self.acked.append(event_id)

    def publish_pending(self) -> int:
        if self.lease.remaining() <= self.DELIVERY_TIMEOUT + self.FLUSH:
            return 0  # not ours to publish (or too little of it left): see lease.py
        with self.lock:
            busy = list(self.in_flight)
        query = {"status": "pending"}
        if busy:
            query["_id"] = {"$nin": busy}
        records, published, self.more = [], 0, False
        self.published_topics = set()
        for rec in self.col.find(query).sort("seq", 1).limit(self.batch):
            if records and published + len(rec.get("events") or ()) > self.batch:
                self.more = True
                break  # a batch record (an import's) waits for the next round
            records.append(rec)
            self.published_topics.add(rec["topic"])
            published += self._produce(rec)
        self.more = self.more or len(records) >= self.batch
        self.producer.poll(0)
        if records:
            self.producer.flush(self.FLUSH)
        if self.acked:
            crash_point("relay_after_publish")  # the broker has them, the outbox says pending
        self.mark_sent()
        return published

    def _produce(self, rec: dict) -> int:
        """Hands a record's event(s) to the producer; the record is acknowledged when every
        one of them was delivered (a failure leaves it pending: all of it goes out again,
        and consumers de-duplicate by event id)."""
        events = rec["events"] if "events" in rec else [rec["event"]]
        with self.lock:
            self.in_flight.add(rec["_id"])
        waiting = {"left": len(events), "failed": False}
        for event in events:
            key = rec["key"] if "event" in rec else event["subject"]
            self.producer.produce(
                rec["topic"], key=key.encode(),
                value=json.dumps(event, ensure_ascii=False).encode("utf-8"),
                headers=[("event_id", event["id"].encode()), ("event_type", event["type"].encode())],
                # delivery reports carry no headers: the record travels in the closure
                on_delivery=lambda err, _msg, rid=rec["_id"], w=waiting: self._delivered_part(rid, w, err))
        return len(events)

    def _delivered_part(self, record_id: str, waiting: dict, err) -> None:
        with self.lock:
            waiting["left"] -= 1
            waiting["failed"] = waiting["failed"] or err is not None
            last = waiting["left"] == 0
        if err is not None:
            log.warning("delivery failed, will retry: %s", err, extra={"event_id": record_id})
        if last:
            self._delivered(record_id, "failed" if waiting["failed"] else None)

    def mark_sent(self) -> None:
        with self.lock:
            done, self.acked = self.acked, []
        if done:  # the whole acknowledged batch in one write
            self.col.update_many({"_id": {"$in": done}},
                                 {"$set": {"status": "sent", "sent_at": datetime.now(timezone.utc)},
                                  "$inc": {"attempts": 1}})

    # ---- housekeeping ----------------------------------------------------------------
    def purge(self, now: datetime | None = None, max_batches: int = 50) -> int:
        """Delete sent records older than the retention, a batch at a time with a pause
        between, so that a large backlog never holds up the service's writes."""
        cutoff = (now or datetime.now(timezone.utc)) - self.retention
        removed = 0
        for _ in range(max_batches):
            ids = [d["_id"] for d in self.col.find({"status": "sent", "sent_at": {"$lt": cutoff}},
                                                   {"_id": 1}).limit(self.purge_batch)]
            if not ids:
                break
            removed += self.col.delete_many({"_id": {"$in": ids}, "status": "sent"}).deleted_count
            if len(ids) < self.purge_batch or self.stop_event.wait(0.05):
                break
        if removed:
            log.info("purged %d sent outbox records older than %s", removed, cutoff)
        return removed

    def reconcile(self) -> int:
        """After the embedded broker came back from a lost connection: sent records of the
        last minutes before the loss go back to pending and are published again."""
        with self.lock:
            lost_at = self.broker_lost_at
        if lost_at is None or self.republish is None:
            return 0
        try:
            self.producer.list_topics(timeout=2)  # back yet?
        except KafkaException:
            return 0
        with self.lock:
            self.broker_lost_at = None
        # a restarted embedded broker forgot this idempotent producer's id and sequence
        # numbers; seen to wedge the old producer (no delivery report, no error) for minutes
        self._renew_producer("broker restarted")
        result = self.col.update_many(
            {"status": "sent", "sent_at": {"$gte": lost_at - self.republish}},
            {"$set": {"status": "pending"}, "$inc": {"republished": 1}})
        log.warning("broker connection lost at %s and back: %d sent records re-queued",
                    lost_at, result.modified_count)
        return result.modified_count

    def housekeeping(self) -> None:
        self.producer.poll(0)  # serve the error callback (broker lost)
        self.reconcile()
        if time.monotonic() >= self.next_purge:
            self.next_purge = time.monotonic() + self.PURGE_EVERY
            self.purge()

    # ---- loop ------------------------------------------------------------------------
    def _wait(self, seconds: float) -> None:
        """Until the outbox has a new record, `seconds` pass or the relay stops; serving the
        producer's callbacks (delivery reports, a lost broker) at least once a second."""
        deadline = time.monotonic() + seconds
        while not self.stop_event.is_set():
            left = deadline - time.monotonic()
            with self.lock:
                busy = bool(self.in_flight)
            # with nothing in flight there is no delivery report to serve: one whole wait
            # (a stop sets the wake too); a lost broker's error is served by the next look
            if left <= 0 or self.watch.wake.wait(min(left, 1.0) if busy else left):
                break
            self.producer.poll(0)
        self.producer.poll(0)

    def _work_waiting(self) -> bool:
        """Whether an idle relay must take the lease: a record to publish or acknowledge, a
        purge due, or a broker loss to reconcile. Reads the outbox without writing."""
        self.producer.poll(0)  # serve the error callback (broker lost)
        with self.lock:
            due = bool(self.acked or self.in_flight) or self.broker_lost_at is not None
        return (due or time.monotonic() >= self.next_purge
                or self.col.find_one({"status": "pending"}, {"_id": 1}) is not None)

    def run(self) -> None:
        log.info("outbox relay started (%s)", self.lease.owner)
        self.watch = InsertWatch(self.col, self.stop_event).start()
        self.stop_event.wakes.append(self.watch.wake.set)
        last_busy, sleep = time.monotonic(), self.idle_sleep
        while not self.stop_event.is_set():
            try:
                if self.producer_broken:
                    self.producer_broken = False
                    self._renew_producer("the old one failed fatally")
                with self.lock:
                    stuck = bool(self.in_flight)
                if stuck and time.monotonic() - self.last_report > 3 * self.DELIVERY_TIMEOUT:
                    self._renew_producer("no delivery report for a while")
                idle = time.monotonic() - last_busy > self.LEASE_IDLE
                self.watch.wake.clear()  # a record written from here on wakes the waits below
                if idle and not self._work_waiting():
                    self._wait(self.WATCHED_IDLE if self.watch.alive else self.max_idle_sleep)
                    continue
                if not self.lease.hold():
                    self.producer.poll(0)
                    self.stop_event.wait(2.0)  # standby: try again soon, cheaply
                    continue
                self.housekeeping()
                if self.publish_pending():
                    NEWS.publish(self.published_topics)
                    self.watch.rouse()
                    last_busy, sleep = time.monotonic(), self.idle_sleep
                    if self.more or not self.watch.alive:
                        continue
                    # all that was pending went out; what was written since the wake was
                    # cleared has set it again: no second, empty look (one find a record)
                    self._wait(self.WATCHED_IDLE)
                    continue
                if time.monotonic() - last_busy > self.HOT_SECONDS:
                    sleep = min(self.max_idle_sleep, sleep * 1.5)
                self._wait(self.WATCHED_IDLE if self.watch.alive else sleep)
                self.mark_sent()
            except Exception:
                log.exception("relay loop error; retrying")
                time.sleep(1)
        self.producer.flush(10)
        self.mark_sent()
        try:
            self.lease.release()
        except Exception:  # noqa: BLE001 - it expires anyway
            log.warning("could not release the relay lease")
