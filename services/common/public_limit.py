"""How often one client address may use a public form (the worker's complaint, an
illegal-agency tip): a fixed window counted atomically in the service's MongoDB, so every
gunicorn worker shares the count and concurrent submissions cannot slip past the limit."""
import time
from datetime import datetime, timedelta, timezone

from flask import request
from pymongo import ReturnDocument
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError, OperationFailure

COLLECTION = "public_submissions"


def ensure_indexes(db: Database) -> None:
    db[COLLECTION].create_index("at")


def client_address() -> str:
    # the gateway appends the address it saw last; earlier entries are the client's claim
    forwarded = request.headers.get("X-Forwarded-For", "")
    return forwarded.split(",")[-1].strip() or request.remote_addr or "unknown"


def allow(db: Database, key: str, limit: int, window_s: int, now: float | None = None) -> int:
    """0 when the caller may submit (and counts it); otherwise seconds to wait."""
    now = time.time() if now is None else now
    window = int(now // window_s)
    col = db[COLLECTION]
    doc = None
    for attempt in range(20):
        try:
            doc = col.find_one_and_update(
                {"_id": f"{key}:{window_s}:{window}"},
                {"$inc": {"n": 1},
                 "$setOnInsert": {"at": datetime.fromtimestamp(window * window_s, timezone.utc)}},
                upsert=True, return_document=ReturnDocument.AFTER)
            if doc is not None:
                break
            # seen on the embedded server when concurrent first submissions raced on the
            # upsert: no document and no error; try again (it counts on the winner's)
        except DuplicateKeyError:
            continue  # two first submissions at once: one upsert won; count on its document
        except OperationFailure as e:
            # a write conflict on the counter (submissions at the same instant): try again
            if e.code != 112 and not e.has_error_label("TransientTransactionError") or attempt == 19:
                raise
            time.sleep(0.002 * (attempt + 1))
    if doc is None:
        raise RuntimeError("the submission counter could not be written")
    if window % 16 == 0:  # now and then, forget windows long past
        col.delete_many({"at": {"$lt": datetime.now(timezone.utc) - timedelta(seconds=2 * window_s)}})
    if doc["n"] > limit:
        return max(1, int((window + 1) * window_s - now))
    return 0
