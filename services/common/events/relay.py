"""Publishes pending outbox records with an idempotent producer and marks them sent once the
broker acknowledged them. A crash between publish and mark re-publishes on restart: the
event id is unchanged, so idempotent consumers see it once."""
import json
import logging
import threading
import time
from datetime import datetime, timezone

from confluent_kafka import Producer
from pymongo.database import Database

from ..faults import crash_point
from .outbox import COLLECTION, ensure_outbox_indexes

log = logging.getLogger(__name__)


def producer_config(bootstrap: str) -> dict:
    return {
        "bootstrap.servers": bootstrap,
        "enable.idempotence": True,   # acks=all, no duplicates or reordering on retry
        "acks": "all",
        "linger.ms": 2,
        "message.timeout.ms": 60000,  # undelivered after this -> back to pending, retried
        "reconnect.backoff.max.ms": 2000,
    }


class OutboxRelay:
    def __init__(self, db: Database, bootstrap: str, batch: int = 500, idle_sleep: float = 0.05):
        self.db = db
        self.col = db[COLLECTION]
        self.producer = Producer(producer_config(bootstrap))
        self.batch = batch
        self.idle_sleep = idle_sleep
        self.in_flight: set[str] = set()
        self.acked: list[str] = []
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        ensure_outbox_indexes(db)

    def _delivered(self, event_id: str, err) -> None:
        with self.lock:
            self.in_flight.discard(event_id)
            if err is None:
                self.acked.append(event_id)
            else:
                log.warning("delivery failed, will retry: %s", err, extra={"event_id": event_id})

    def publish_pending(self) -> int:
        with self.lock:
            busy = list(self.in_flight)
        query = {"status": "pending"}
        if busy:
            query["_id"] = {"$nin": busy}
        records = list(self.col.find(query).sort("seq", 1).limit(self.batch))
        for rec in records:
            with self.lock:
                self.in_flight.add(rec["_id"])
            self.producer.produce(
                rec["topic"], key=rec["key"].encode(),
                value=json.dumps(rec["event"], ensure_ascii=False).encode("utf-8"),
                headers=[("event_id", rec["_id"].encode()), ("event_type", rec["event"]["type"].encode())],
                # delivery reports carry no headers: the id travels in the closure
                on_delivery=lambda err, _msg, event_id=rec["_id"]: self._delivered(event_id, err))
        self.producer.poll(0)
        if records:
            self.producer.flush(5)
        if self.acked:
            crash_point("relay_after_publish")  # the broker has them, the outbox says pending
        self.mark_sent()
        return len(records)

    def mark_sent(self) -> None:
        with self.lock:
            done, self.acked = self.acked, []
        if done:
            self.col.update_many({"_id": {"$in": done}},
                                 {"$set": {"status": "sent", "sent_at": datetime.now(timezone.utc)},
                                  "$inc": {"attempts": 1}})

    def run(self) -> None:
        log.info("outbox relay started")
        while not self.stop_event.is_set():
            try:
                if self.publish_pending() == 0:
                    self.producer.poll(self.idle_sleep)
                    self.mark_sent()
            except Exception:
                log.exception("relay loop error; retrying")
                time.sleep(1)
        self.producer.flush(10)
        self.mark_sent()
