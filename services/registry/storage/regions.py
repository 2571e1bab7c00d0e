"""The regions table (seeded from seed/regions.json) and a per-process cache of it."""
import time

from pymongo.database import Database

from ..domain.regions import Regions, seed_documents


def seed_regions(db: Database) -> int:
    docs = seed_documents()
    for doc in docs:
        db.regions.replace_one({"_id": doc["_id"]}, doc, upsert=True)
    return len(docs)


def region_tree(db: Database) -> list[dict]:
    return list(db.regions.find().sort([("level", 1), ("order", 1)]))


class RegionCache:
    """Regions change rarely; each process keeps them for a minute."""
    def __init__(self, db: Database, ttl: float = 60.0):
        self.db, self.ttl = db, ttl
        self._value: Regions | None = None
        self._at = 0.0

    def get(self) -> Regions:
        if self._value is None or time.monotonic() - self._at > self.ttl:
            value = Regions.from_documents(self.db.regions.find())
            if value.townships:  # not yet seeded: ask again next time
                self._value, self._at = value, time.monotonic()
            return value
        return self._value
