"""A fixed-window limit for the public complaint form, kept in MongoDB so that every
gunicorn worker shares the count (as the gateway's login throttle)."""
from datetime import datetime, timedelta, timezone

from pymongo.database import Database


def ensure_indexes(db: Database) -> None:
    db.public_submissions.create_index([("key", 1), ("at", 1)])


def allow(db: Database, key: str, limit: int, window_s: int) -> int:
    """0 when the caller may submit (and counts it); otherwise seconds to wait."""
    now = datetime.now(timezone.utc)
    since = now - timedelta(seconds=window_s)
    db.public_submissions.delete_many({"at": {"$lt": since}})
    query = {"key": key, "at": {"$gte": since}}
    if db.public_submissions.count_documents(query) >= limit:
        oldest = db.public_submissions.find_one(query, sort=[("at", 1)])["at"]
        return max(1, int((oldest + timedelta(seconds=window_s) - now).total_seconds()))
    db.public_submissions.insert_one({"key": key, "at": now})
    return 0
