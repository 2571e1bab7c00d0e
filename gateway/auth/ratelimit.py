"""Login throttling: at most N attempts per username and M per client address within a
window; beyond that, 429 until the window has passed. Kept in MongoDB so that every gunicorn
worker shares the count.

Attempts are counted atomically BEFORE the password is checked: one counter document per key
(`user:<name>`, `ip:<address>`) is incremented with find_one_and_update and the caller learns
its own number. Counting failures after the check (as before) let 40 concurrent wrong
passwords all pass the "fewer than 5 so far?" test before any failure was recorded. A
successful login gives its attempt back and clears the username's count."""
from datetime import datetime, timedelta, timezone

from pymongo import ReturnDocument
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

COLLECTION = "login_attempts"


def ensure_indexes(db: Database) -> None:
    # MongoDB drops expired counters itself; the embedded server may not, see _prune
    db[COLLECTION].create_index("reset_at", expireAfterSeconds=0)


def _count(db: Database, key: str, now: datetime, window_s: int) -> dict:
    """This attempt's number within the key's current window, atomically."""
    coll = db[COLLECTION]
    for _ in range(10):
        doc = coll.find_one_and_update({"_id": key, "reset_at": {"$gt": now}}, {"$inc": {"n": 1}},
                                       return_document=ReturnDocument.AFTER)
        if doc:
            return doc
        fresh = {"n": 1, "reset_at": now + timedelta(seconds=window_s)}
        # the window is over: restart it (only one of several racing callers matches)
        doc = coll.find_one_and_update({"_id": key, "reset_at": {"$lte": now}}, {"$set": fresh},
                                       return_document=ReturnDocument.AFTER)
        if doc:
            return doc
        try:
            coll.insert_one({"_id": key, **fresh})
            return {"_id": key, **fresh}
        except DuplicateKeyError:
            continue  # another attempt created it first: count on it
    raise RuntimeError(f"login counter {key} kept changing")


def reserve_attempt(db: Database, username: str, ip: str, max_per_user: int, max_per_ip: int,
                    window_s: int) -> int:
    """Counts this attempt; returns the seconds the caller must wait (0: it may try)."""
    now = datetime.now(timezone.utc)
    wait = 0
    for key, limit in ((f"user:{username}", max_per_user), (f"ip:{ip}", max_per_ip)):
        doc = _count(db, key, now, window_s)
        if doc["n"] > limit:
            reset_at = doc["reset_at"]
            if reset_at.tzinfo is None:
                reset_at = reset_at.replace(tzinfo=timezone.utc)
            wait = max(wait, 1, int((reset_at - now).total_seconds() + 0.999))
    _prune(db, now)
    return wait


def release_attempt(db: Database, username: str, ip: str) -> None:
    """A successful login: its attempt does not count against the address (a township
    office's PCs share one) and the username's failures are forgiven."""
    db[COLLECTION].update_one({"_id": f"ip:{ip}", "n": {"$gt": 0}}, {"$inc": {"n": -1}})
    db[COLLECTION].delete_one({"_id": f"user:{username}"})


def _prune(db: Database, now: datetime) -> None:
    # counters of past windows count for nothing; TTL indexes may not run on the embedded server
    db[COLLECTION].delete_many({"reset_at": {"$lt": now - timedelta(seconds=60)}})
