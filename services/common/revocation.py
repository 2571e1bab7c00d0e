"""The revocation list every service (and the gateway) checks on each token: users whose
tokens the gateway revoked (deactivated: all of them; password changed: those of an older
token generation; a token's `gen` claim, exact where a timestamp in whole seconds is not).

Fed by the gateway's `gateway.user` events: each service's worker consumes them into its own
database (`revoked_users`), so no service reads the gateway's. `current_user` asks
`is_revoked`, which keeps the whole (small) list in memory for a second or two: one query per
process per refresh, not one per request."""
import threading
import time

from pymongo.client_session import ClientSession
from pymongo.database import Database

from gateway.events import DEACTIVATED, PASSWORD_CHANGED, USER_TOPIC  # the published contract

from .events.consumer import ConsumerSpec

COLLECTION = "revoked_users"
CACHE_SECONDS = 1.0
ALL = float("inf")


def record_revocation(db: Database, user_id: str, min_generation: int, everything: bool,
                      session: ClientSession | None = None) -> None:
    """`everything`: every token of the user, even a later one (a deactivated user)."""
    update = {"$max": {"min_generation": min_generation}}
    if everything:
        update["$set"] = {"all": True}
    db[COLLECTION].update_one({"_id": user_id}, update, upsert=True, session=session)


def revocation_consumer(db: Database, service: str) -> ConsumerSpec:
    def handle(event: dict, session: ClientSession) -> None:
        data = event["data"]
        record_revocation(db, data["user_id"], int(data["min_generation"]),
                          everything=event["type"] == DEACTIVATED, session=session)
    return ConsumerSpec(group_id=f"{service}-revocations", topics=[USER_TOPIC],
                        handlers={DEACTIVATED: handle, PASSWORD_CHANGED: handle})


class RevocationList:
    def __init__(self, ttl: float = CACHE_SECONDS):
        self.ttl = ttl
        self._lock = threading.Lock()
        # one reader refreshes an expired list while the process' other threads go on with
        # the one they have: under load every request thread of a process used to read it
        # at once (18 reads a second in the registry at 30 registrations a second, not 2)
        self._refresh = threading.Lock()
        self._cache: dict[str, dict[str, float]] = {}   # database name -> user id -> min generation
        self._loaded: dict[str, float] = {}

    def _stale(self, name: str) -> bool:
        return time.monotonic() - self._loaded.get(name, -1e9) > self.ttl

    def _entries(self, db: Database) -> dict[str, float]:
        if self._stale(db.name):
            first = db.name not in self._cache
            if self._refresh.acquire(blocking=first):   # the first read waits for the list
                try:
                    if self._stale(db.name):
                        fresh = {d["_id"]: (ALL if d.get("all") else float(d.get("min_generation", 0)))
                                 for d in db[COLLECTION].find({}, {"min_generation": 1, "all": 1})}
                        with self._lock:
                            self._cache[db.name] = fresh
                            self._loaded[db.name] = time.monotonic()
                finally:
                    self._refresh.release()
        return self._cache[db.name]

    def is_revoked(self, db: Database, user_id: str, generation: int) -> bool:
        minimum = self._entries(db).get(user_id)
        return minimum is not None and generation < minimum

    def forget(self) -> None:
        with self._lock:
            self._loaded.clear()


REVOCATIONS = RevocationList()
