"""The relay lease: one document per service database (`outbox_lease`, _id "relay") naming the
relay that may publish, with an expiry it renews while active. Two relays of one service (an
overlapping restart, two replicas) can run: only the holder publishes, so each record is
published by one relay at a time and in `seq` order, which keeps per-key order.

Fencing is by time, on one clock (the relay's host): the holder publishes only while the lease
has more time left than the producer's delivery timeout, so whatever it produced is delivered
or failed before anyone else can take over. A relay that stops cleanly releases the lease; one
that died is replaced after the expiry, or at once when it was a process of this same host that
no longer exists (a crashed worker restarted)."""
import logging
import os
import socket
import uuid
from datetime import datetime, timedelta, timezone

from pymongo import ReturnDocument
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

log = logging.getLogger(__name__)
COLLECTION = "outbox_lease"


class Lease:
    def __init__(self, db: Database, ttl: float = 15.0, name: str = "relay"):
        self.col = db[COLLECTION]
        self.name = name
        self.ttl = timedelta(seconds=ttl)
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.expires: datetime | None = None

    def remaining(self) -> float:
        if self.expires is None:
            return 0.0
        return (self.expires - datetime.now(timezone.utc)).total_seconds()

    def hold(self) -> bool:
        """True when this relay holds the lease; renews it once a third of it has run out."""
        if self.remaining() > self.ttl.total_seconds() * 2 / 3:
            return True  # renewed recently: no write
        now = datetime.now(timezone.utc)
        try:
            doc = self.col.find_one_and_update(
                {"_id": self.name, "$or": [{"owner": self.owner}, {"expires_at": {"$lt": now}}]},
                {"$set": {"owner": self.owner, "expires_at": now + self.ttl, "renewed_at": now}},
                upsert=True, return_document=ReturnDocument.AFTER)
        except DuplicateKeyError:  # someone else holds it: the upsert found a live document
            doc = self._take_from_dead_holder(now)
        was = self.expires is not None
        self.expires = now + self.ttl if doc and doc["owner"] == self.owner else None
        if self.expires and not was:
            log.info("relay lease taken by %s", self.owner)
        elif was and not self.expires:
            log.warning("relay lease lost by %s", self.owner)
        return self.expires is not None

    def _take_from_dead_holder(self, now: datetime) -> dict | None:
        current = self.col.find_one({"_id": self.name})
        if not current or not _dead_here(current.get("owner", "")):
            return None
        log.warning("relay lease holder %s is gone; taking over", current["owner"])
        return self.col.find_one_and_update(
            {"_id": self.name, "owner": current["owner"]},
            {"$set": {"owner": self.owner, "expires_at": now + self.ttl, "renewed_at": now}},
            return_document=ReturnDocument.AFTER)

    def release(self) -> None:
        if self.expires is not None:
            self.col.delete_one({"_id": self.name, "owner": self.owner})
            self.expires = None


def _dead_here(owner: str) -> bool:
    """True for an owner "host:pid:nonce" of this host whose process has ended."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # a zombie (killed, not yet reaped by its parent) is gone too
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False
