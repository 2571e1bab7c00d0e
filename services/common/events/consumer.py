"""Consumer runner: manual offset commits after handling, idempotent handling (a processed-event
record written in the handler's own transaction), bounded retries with backoff, and a DLQ
(<topic>.dlq) for events that are invalid or keep failing, so one bad event never blocks its
partition. Infrastructure outages (MongoDB unreachable) are retried without limit instead:
they say nothing about the event."""
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
from pymongo.errors import ConnectionFailure, DuplicateKeyError

from ..faults import crash_point
from ..mongo import in_transaction
from .catalog import EventInvalid, dlq_topic, validate_event
from .relay import producer_config

log = logging.getLogger(__name__)

Handler = Callable[[dict, ClientSession], None]
PROCESSED = "processed_events"


class AlreadyProcessed(Exception):
    pass


@dataclass
class ConsumerSpec:
    group_id: str
    topics: list[str]
    handlers: dict[str, Handler]   # event type -> handler(event, session)


class ConsumerRunner:
    def __init__(self, spec: ConsumerSpec, client: MongoClient, db: Database, bootstrap: str,
                 max_attempts: int = 4, backoff: float = 0.2, batch: int = 200,
                 mode: str = "group"):
        self.spec = spec
        # "group": partitions balanced by the broker's group coordinator (real Kafka).
        # "assign": one worker takes every partition and commits under the group id; for the
        # embedded broker, whose coordinator never expires a member that died without
        # leaving, so a restarted worker would wait forever for its partitions.
        if mode not in ("group", "assign"):
            raise ValueError(f"unknown consumer mode {mode!r}")
        self.mode = mode
        self.client = client
        self.db = db
        self.bootstrap = bootstrap
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.batch = batch
        self.stop_event = threading.Event()
        self.dlq = Producer(producer_config(bootstrap))

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
        })

    def _assign_all(self, consumer: Consumer) -> None:
        partitions = []
        for topic in self.spec.topics:
            meta = consumer.list_topics(topic, timeout=10).topics[topic]
            partitions += [TopicPartition(topic, p) for p in meta.partitions]
        consumer.assign(consumer.committed(partitions, timeout=10))

    def run(self) -> None:
        consumer = self._consumer()
        if self.mode == "assign":
            self._assign_all(consumer)
        else:
            consumer.subscribe(self.spec.topics)
        log.info("consumer %s started on %s (%s)", self.spec.group_id, self.spec.topics, self.mode)
        try:
            while not self.stop_event.is_set():
                # wait for one message, then take what else is already there: low latency
                # for a lone event, batching under load
                first = consumer.poll(0.5)
                if first is None:
                    continue
                handled = 0
                for msg in [first, *consumer.consume(self.batch - 1, timeout=0)]:
                    if msg.error():
                        if msg.error().code() != KafkaError._PARTITION_EOF:
                            log.warning("consume error: %s", msg.error())
                        continue
                    self.process(msg)
                    handled += 1
                if handled:
                    self._commit(consumer)
        finally:
            consumer.close()
            self.dlq.flush(10)

    @staticmethod
    def _commit(consumer: Consumer) -> None:
        try:
            consumer.commit(asynchronous=False)
        except KafkaException as e:
            if e.args[0].code() != KafkaError._NO_OFFSET:
                raise

    def process(self, msg) -> None:
        try:
            event = json.loads(msg.value().decode("utf-8"))
            validate_event(event)
        except (ValueError, UnicodeDecodeError) as e:
            return self.dead_letter(msg, f"not valid JSON: {e}")
        except EventInvalid as e:
            return self.dead_letter(msg, f"schema: {e}")
        handler = self.spec.handlers.get(event["type"])
        if handler is None:
            return  # a type this consumer has no interest in
        attempt = 0
        while True:
            attempt += 1
            try:
                self._handle_once(event, handler)
                break
            except AlreadyProcessed:
                log.info("duplicate event skipped", extra={"event_id": event["id"]})
                break
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
        crash_point("consumer_after_handle")  # handled and recorded, offset not committed

    def _handle_once(self, event: dict, handler: Handler) -> None:
        def work(session: ClientSession):
            try:
                self.db[PROCESSED].insert_one(
                    {"_id": f"{self.spec.group_id}:{event['id']}", "group": self.spec.group_id,
                     "event_id": event["id"], "type": event["type"],
                     "processed_at": datetime.now(timezone.utc)}, session=session)
            except DuplicateKeyError:
                raise AlreadyProcessed()
            handler(event, session)
        in_transaction(self.client, work)

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
