"""Transactional outbox: the state change and its event are written in the same MongoDB
transaction, so an event exists if and only if the change was committed.
Record states: pending -> sent (the relay marks it after the broker acknowledged it)."""
import time
from datetime import datetime, timezone

from pymongo import ASCENDING
from pymongo.client_session import ClientSession
from pymongo.database import Database

from .catalog import topic_of

COLLECTION = "outbox"


def ensure_outbox_indexes(db: Database) -> None:
    db[COLLECTION].create_index([("status", ASCENDING), ("seq", ASCENDING)])


def add_to_outbox(db: Database, session: ClientSession, event: dict, topic: str | None = None) -> None:
    db[COLLECTION].insert_one({
        "_id": event["id"],
        "topic": topic or topic_of(event["type"]),
        "key": event["subject"],
        "event": event,
        "status": "pending",
        # ns clock: keeps one aggregate's events in write order for the relay
        "seq": time.time_ns(),
        "created_at": datetime.now(timezone.utc),
        "attempts": 0,
    }, session=session)
