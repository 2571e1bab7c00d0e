"""Transactional outbox: the state change and its event are written in the same MongoDB
transaction, so an event exists if and only if the change was committed.
A record carries one event (`event`), or, for bulk writes such as a spreadsheet import, a
batch of events of one topic (`events`, each keyed by its own subject when published), so a
1,000-row batch writes one outbox record instead of 1,000.
Record states: pending -> sent (the relay marks it after the broker acknowledged it); sent
records are purged after the retention period (relay.py).

Order of one aggregate's events (`seq`): the relay publishes in `seq` order. `seq` is the
wall clock in ns, but never below the key's previous record + 1, read in the same transaction.
Two transactions that touch the same aggregate conflict and run one after the other, so the
later one's snapshot sees the earlier record and sorts after it whatever the clocks of their
processes or hosts say; transactions that do not conflict are concurrent, and either order is
a true one."""
import time
from datetime import datetime, timezone

from pymongo import ASCENDING, DESCENDING
from pymongo.client_session import ClientSession
from pymongo.database import Database

from .catalog import topic_of

COLLECTION = "outbox"


def ensure_outbox_indexes(db: Database) -> None:
    db[COLLECTION].create_index([("status", ASCENDING), ("seq", ASCENDING)])
    db[COLLECTION].create_index([("key", ASCENDING), ("seq", DESCENDING)])
    db[COLLECTION].create_index([("status", ASCENDING), ("sent_at", ASCENDING)])


def next_seq(db: Database, session: ClientSession, key: str) -> int:
    last = db[COLLECTION].find_one({"key": key}, {"seq": 1}, sort=[("seq", DESCENDING)],
                                   session=session)
    return max(time.time_ns(), last["seq"] + 1 if last else 0)


def add_to_outbox(db: Database, session: ClientSession, event: dict, topic: str | None = None,
                  new_subject: bool = False) -> None:
    """`new_subject`: the event's subject was made in this same transaction (a registration's
    new person), so no earlier record of its key exists: the clock is its seq, no read."""
    _insert(db, session, {
        "_id": event["id"], "topic": topic or topic_of(event["type"]), "key": event["subject"],
        "event": event,
        "seq": time.time_ns() if new_subject else next_seq(db, session, event["subject"])})


def add_batch_to_outbox(db: Database, session: ClientSession, events: list[dict], key: str,
                        topic: str | None = None) -> None:
    """Events of NEW aggregates written in bulk (e.g. an import batch): one record, published
    event by event with each event's own subject as the message key. No earlier record exists
    for a new aggregate, so the clock is its seq; `key` names the batch (e.g. the import)."""
    if not events:
        return
    topics = {topic} if topic else {topic_of(e["type"]) for e in events}
    if len(topics) != 1:
        raise ValueError(f"one topic per outbox batch, got {sorted(topics)}")
    _insert(db, session, {"_id": events[0]["id"], "topic": topics.pop(), "key": key,
                          "events": events, "seq": time.time_ns()})


def _insert(db: Database, session: ClientSession, record: dict) -> None:
    """A new record, pending, in the caller's transaction."""
    db[COLLECTION].insert_one(
        dict(record, status="pending", created_at=datetime.now(timezone.utc), attempts=0),
        session=session)
