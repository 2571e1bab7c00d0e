"""Login throttling: after N failures within the window, by username or by client address,
further attempts get 429 until the window has passed. Kept in MongoDB so that every gunicorn
worker shares the count."""
from datetime import datetime, timedelta, timezone

from pymongo.database import Database


def retry_after(db: Database, username: str, ip: str, max_per_user: int, max_per_ip: int,
                window_s: int) -> int:
    """Seconds the caller must wait, 0 when it may try."""
    now = datetime.now(timezone.utc)
    since = now - timedelta(seconds=window_s)
    for key, value, limit in (("username", username, max_per_user), ("ip", ip, max_per_ip)):
        query = {key: value, "at": {"$gte": since}}
        if db.login_failures.count_documents(query) >= limit:
            oldest = db.login_failures.find_one(query, sort=[("at", 1)])["at"]
            return max(1, int((oldest + timedelta(seconds=window_s) - now).total_seconds()))
    return 0


def record_failure(db: Database, username: str, ip: str, window_s: int) -> None:
    now = datetime.now(timezone.utc)
    db.login_failures.insert_one({"username": username, "ip": ip, "at": now})
    # failures older than the window count for nothing: drop them here rather than rely on
    # TTL indexes, which the embedded server may not run
    db.login_failures.delete_many({"at": {"$lt": now - timedelta(seconds=window_s)}})


def clear_failures(db: Database, username: str) -> None:
    db.login_failures.delete_many({"username": username})
