"""Consumer runner: manual offset commits after handling, idempotent handling (processed-event
records written in the handlers' own transaction), bounded retries with backoff, and a DLQ
(<topic>.dlq) for events that are invalid or keep failing, so one bad event never blocks its
partition. Infrastructure outages (MongoDB unreachable) are retried without limit instead:
they say nothing about the event.

Batching: the events of one poll are applied in ONE transaction (their processed-event records
plus every handler's effects). Only when that fails is the batch replayed one event at a time,
to isolate the failing event, which then gets the retries and the DLQ. A spec may also give a
`batch_handler`, called once with all of the poll's new events of its types (in poll order),
so it can read and write them in bulk (evaluation does: a few round trips per poll instead of
five per event); its per-event `handlers` remain for the one-at-a-time path.

One Kafka consumer per consumer group: specs that share a group id are merged (their topics and
handlers), so a worker whose specs all use its service name as group has a single consumer for
all its topics. Specs of different groups cannot share a consumer: offsets are committed per
group. For the embedded broker the consumer idles on `IdleGate` (see idle.py)."""
import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from pymongo import MongoClient
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import BulkWriteError, ConnectionFailure, DuplicateKeyError

from ..faults import crash_point
from ..mongo import in_transaction
from .catalog import EventInvalid, dlq_topic, validate_event
from .idle import IdleGate, StopSignal, end_offsets
from .relay import producer_config

log = logging.getLogger(__name__)

Handler = Callable[[dict, ClientSession], None]
BatchHandler = Callable[[list[dict], ClientSession], None]
PROCESSED = "processed_events"


class _Redelivered(Exception):
    """A poll held an event already processed: apply it again, reading which are done."""


class AlreadyProcessed(Exception):
    pass


@dataclass
class ConsumerSpec:
    group_id: str
    topics: list[str]
    handlers: dict[str, Handler]   # event type -> handler(event, session)
    batch_handler: BatchHandler | None = None   # (events of a poll, session), see above


def _merged_batch(specs: list[ConsumerSpec]) -> BatchHandler | None:
    """The merged specs' batch handlers in one: each spec gets its own types' events (in poll
    order); a spec without one gets its events one by one, in the same transaction."""
    if len(specs) == 1 or not any(s.batch_handler for s in specs):
        return specs[0].batch_handler if len(specs) == 1 else None

    def run(events: list[dict], session: ClientSession) -> None:
        for s in specs:
            mine = [e for e in events if e["type"] in s.handlers]
            if mine and s.batch_handler:
                s.batch_handler(mine, session)
            else:
                for e in mine:
                    s.handlers[e["type"]](e, session)
    return run


def merge_specs(specs: list[ConsumerSpec]) -> ConsumerSpec:
    """One spec for one Kafka consumer: same group, union of topics and handlers."""
    groups = {s.group_id for s in specs}
    if len(groups) != 1:
        raise ValueError(f"one consumer serves one group, got {sorted(groups)}")
    topics, handlers = [], {}
    for s in specs:
        topics += [t for t in s.topics if t not in topics]
        for type_, h in s.handlers.items():
            if type_ in handlers and handlers[type_] is not h:
                raise ValueError(f"two handlers for {type_} in group {s.group_id}")
            handlers[type_] = h
    return ConsumerSpec(specs[0].group_id, topics, handlers, _merged_batch(specs))


def group_specs(specs: list[ConsumerSpec]) -> list[ConsumerSpec]:
    by_group: dict[str, list[ConsumerSpec]] = {}
    for s in specs:
        by_group.setdefault(s.group_id, []).append(s)
    return [merge_specs(v) for v in by_group.values()]


class ConsumerRunner:

    def __init__(self, spec: ConsumerSpec | list[ConsumerSpec], client: MongoClient, db: Database,
                 bootstrap: str, max_attempts: int = 4, backoff: float = 0.2, batch: int = 200,
                 mode: str = "group", idle_probe: float = 0.0, dlq: Producer | None = None):
        self.spec = merge_specs(spec if isinstance(spec, list) else [spec])
        # "group": partitions balanced by the broker's group coordinator (real Kafka).
        # "assign": one worker takes every partition and commits under the group id; for the
        # embedded broker, whose coordinator never expires a member that died without
        # leaving, so a restarted worker would wait forever for its partitions.
        if mode not in ("group", "assign"):
            raise ValueError(f"unknown consumer mode {mode!r}")
        self.mode = mode
        # >0 (embedded broker, assign mode): seconds between end-offset probes while idle
        self.idle_probe = idle_probe if mode == "assign" else 0.0
        self.client = client
        self.db = db
        self.bootstrap = bootstrap
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.batch = batch
        self.stop_event = StopSignal()
        self.dlq = dlq or Producer(producer_config(bootstrap))
        self.broker_lost = threading.Event()

    def _on_error(self, err) -> None:
        if err.code() in (KafkaError._ALL_BROKERS_DOWN, KafkaError._TRANSPORT):
            self.broker_lost.set()
        log.warning("kafka: %s", err)

    def _consumer(self) -> Consumer:
        return Consumer({
            "bootstrap.servers": self.bootstrap,
            "group.id": self.spec.group_id,
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
            "session.timeout.ms": 10000,
            # Also the rebalance timeout: a member that died mid-batch holds up the group's
            # next rebalance at most this long (librdkafka's default would be 5 minutes).
            "max.poll.interval.ms": 20000,
            "reconnect.backoff.max.ms": 2000,
            "error_cb": self._on_error,
        })

    def _partitions(self, consumer: Consumer) -> list[TopicPartition]:
        partitions = []
        for topic in self.spec.topics:
            meta = consumer.list_topics(topic, timeout=10).topics[topic]
            partitions += [TopicPartition(topic, p) for p in meta.partitions]
        return consumer.committed(partitions, timeout=10)

    def run(self) -> None:
        consumer = self._consumer()
        log.info("consumer %s started on %s (%s, idle probe %ss)", self.spec.group_id,
                 self.spec.topics, self.mode, self.idle_probe)
        try:
            if self.idle_probe:
                self._run_gated(consumer)
            else:
                if self.mode == "assign":
                    consumer.assign(self._partitions(consumer))
                else:
                    consumer.subscribe(self.spec.topics)
                while not self.stop_event.is_set():
                    self._poll_once(consumer, 0.5)
        finally:
            consumer.close()
            self.dlq.flush(10)

    def _take(self, consumer: Consumer, wait: float) -> list:
        """Wait for one message, then take what else is already there (low latency for a lone
        event, batches under load)."""
        first = consumer.poll(wait)
        if first is None:
            return []
        msgs = []
        for msg in [first, *consumer.consume(self.batch - 1, timeout=0)]:
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    log.warning("consume error: %s", msg.error())
                continue
            msgs.append(msg)
        return msgs

    def _poll_once(self, consumer: Consumer, wait: float) -> list:
        """Take one poll's messages; apply them; commit. Returns the messages handled."""
        msgs = self._take(consumer, wait)
        if msgs:
            self.handle_batch(msgs)
            self._commit(consumer, msgs)
        return msgs

    def _run_gated(self, consumer: Consumer) -> None:
        """The embedded broker answers an empty Fetch at once, so an assigned partition makes
        librdkafka spin. Partitions are assigned only while they have data beyond our position
        (checked with end-offset probes), from that position, for ONE poll, and unassigned
        before its messages are handled. Measured on a 20,000-row import, whose events come a
        thousand at a time: staying assigned while handling cost the jobs and evaluation
        workers about 35 s of CPU each and the broker 52 s."""
        gate = IdleGate(consumer, self._partitions(consumer), self.broker_lost,
                        end_offsets(self.bootstrap))
        more = False
        while not self.stop_event.is_set():
            if not gate.wait_for_data(self.idle_probe, self.stop_event, at_once=more):
                more = False
                continue
            # the first fetch after an assign takes a round trip
            msgs = self._take(consumer, 2.0)
            gate.park()
            if msgs:
                self.handle_batch(msgs)
                self._commit(consumer, msgs)  # explicit offsets: no assignment needed
                gate.consumed(msgs)
            # after a poll with messages, look again at once: under load more came while they
            # were handled (at 27 registrations a second a poll took about 70 ms), and the
            # probe period would add to every event's wait; one end-offset request otherwise
            more = bool(msgs)

    @staticmethod
    def _commit(consumer: Consumer, msgs: list) -> None:
        last: dict[tuple[str, int], int] = {}
        for m in msgs:
            key = (m.topic(), m.partition())
            last[key] = max(last.get(key, -1), m.offset())
        offsets = [TopicPartition(t, p, o + 1) for (t, p), o in last.items()]
        try:
            consumer.commit(offsets=offsets, asynchronous=False)
        except KafkaException as e:
            if e.args[0].code() != KafkaError._NO_OFFSET:
                raise

    # ---- applying events -------------------------------------------------------------
    def _decode(self, msg) -> dict | None:
        try:
            event = json.loads(msg.value().decode("utf-8"))
            validate_event(event)
        except (ValueError, UnicodeDecodeError, AttributeError) as e:
            self.dead_letter(msg, f"not valid JSON: {e}")
            return None
        except EventInvalid as e:
            self.dead_letter(msg, f"schema: {e}")
            return None
        return event

    def handle_batch(self, msgs: list) -> None:
        """Apply the batch in one transaction; on a handler failure replay it one by one."""
        work, seen = [], set()
        for msg in msgs:
            event = self._decode(msg)
            if event is None or event["type"] not in self.spec.handlers:
                continue  # dead-lettered, or a type this consumer has no interest in
            if event["id"] in seen:
                continue  # the same event twice in one poll (a re-publish)
            seen.add(event["id"])
            work.append((msg, event))
        if not work:
            return
        if len(work) == 1:  # nothing to isolate: the one-event path, with its retries
            self.process_event(*work[0])
            crash_point("consumer_after_handle")
            return
        try:
            self._retry_outages(lambda: self._apply(work))
        except Exception as e:  # noqa: BLE001 - some handler failed: find which, one at a time
            log.warning("batch of %d failed (%r); applying one at a time", len(work), e)
            for msg, event in work:
                self.process_event(msg, event)
        crash_point("consumer_after_handle")  # handled and recorded, offset not committed

    def _retry_outages(self, fn) -> None:
        attempt = 0
        while True:
            try:
                return fn()
            except ConnectionFailure:
                attempt += 1
                log.warning("database unreachable; retrying")
                time.sleep(min(5.0, self.backoff * 2 ** min(attempt, 5)))

    def _record(self, event: dict) -> dict:
        return {"_id": f"{self.spec.group_id}:{event['id']}", "group": self.spec.group_id,
                "event_id": event["id"], "type": event["type"],
                "processed_at": datetime.now(timezone.utc)}

    def _apply(self, work: list) -> None:
        """The poll's events and their processed-event records in one transaction. The records
        are inserted without reading first; a redelivered event (a restart, a re-read after a
        broker restart) fails that insert, and the poll is applied again reading which are
        done: one round trip less for every poll but those."""
        try:
            self._transact(lambda session: self._apply_in(session, work, check=False))
        except _Redelivered:
            self._transact(lambda session: self._apply_in(session, work, check=True))

    def _apply_in(self, session: ClientSession, work: list, check: bool) -> None:
        processed = self.db[PROCESSED]
        records = [self._record(e) for _, e in work]
        done: set = set()
        if check:
            done = {d["_id"] for d in processed.find({"_id": {"$in": [r["_id"] for r in records]}},
                                                    {"_id": 1}, session=session)}
        fresh = [(r, e) for r, (_, e) in zip(records, work) if r["_id"] not in done]
        if len(fresh) < len(records):
            log.info("%d already processed events skipped", len(records) - len(fresh))
        if fresh:
            try:
                processed.insert_many([r for r, _ in fresh], ordered=True, session=session)
            except (BulkWriteError, DuplicateKeyError):
                if check:
                    raise   # processed by another consumer meanwhile: one at a time then
                raise _Redelivered() from None
        if fresh and self.spec.batch_handler:
            self.spec.batch_handler([e for _, e in fresh], session)
            return
        for _, event in fresh:
            self.spec.handlers[event["type"]](event, session)

    def _transact(self, fn) -> None:
        in_transaction(self.client, fn)

    def process_event(self, msg, event: dict) -> None:
        """One event in its own transaction, retried, then dead-lettered."""
        handler = self.spec.handlers[event["type"]]
        attempt = 0
        while True:
            attempt += 1
            try:
                self._handle_once(event, handler)
                return
            except AlreadyProcessed:
                log.info("duplicate event skipped", extra={"event_id": event["id"]})
                return
            except ConnectionFailure:
                log.warning("database unreachable; retrying", extra={"event_id": event["id"]})
                time.sleep(min(5.0, self.backoff * 2 ** min(attempt, 5)))
                attempt = 0
            except Exception as e:  # the handler itself failed on this event
                if attempt >= self.max_attempts:
                    log.exception("handler failed %d times; to DLQ", attempt,
                                  extra={"event_id": event["id"]})
                    return self.dead_letter(msg, f"handler error after {attempt} attempts: {e!r}")
                time.sleep(self.backoff * 2 ** (attempt - 1))

    def _handle_once(self, event: dict, handler: Handler) -> None:
        def work(session: ClientSession):
            try:
                self.db[PROCESSED].insert_one(self._record(event), session=session)
            except DuplicateKeyError:
                raise AlreadyProcessed()
            handler(event, session)
        self._transact(work)

    def dead_letter(self, msg, reason: str) -> None:
        log.warning("event to DLQ: %s", reason, extra={"topic": msg.topic()})
        raw = msg.value()
        record = {
            "reason": reason,
            "consumer_group": self.spec.group_id,
            "topic": msg.topic(), "partition": msg.partition(), "offset": msg.offset(),
            "key": msg.key().decode("utf-8", "replace") if msg.key() else None,
            "failed_at": datetime.now(timezone.utc).isoformat(),
            "payload": raw.decode("utf-8", "replace") if raw is not None else None,
        }
        self.dlq.produce(dlq_topic(msg.topic()), key=msg.key(),
                         value=json.dumps(record, ensure_ascii=False).encode("utf-8"),
                         headers=[("dlq_reason", reason[:500].encode("utf-8"))])
        # The offset is committed after this; make sure the DLQ has it first.
        if self.dlq.flush(30) > 0:
            raise RuntimeError("DLQ publish not acknowledged")
