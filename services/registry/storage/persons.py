"""MongoDB access for people, their change log and the regions table."""
import time

from pymongo import ASCENDING, DESCENDING
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..domain.regions import Regions, seed_documents


def ensure_indexes(db: Database) -> None:
    db.persons.create_index("id_number", unique=True)
    db.persons.create_index([("township_code", ASCENDING), ("village_code", ASCENDING)])
    db.persons.create_index([("created_at", DESCENDING)])
    db.person_changes.create_index([("person_id", ASCENDING), ("at", ASCENDING)])


def seed_regions(db: Database) -> int:
    docs = seed_documents()
    for doc in docs:
        db.regions.replace_one({"_id": doc["_id"]}, doc, upsert=True)
    return len(docs)


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


def insert_person(db: Database, session: ClientSession, person: dict) -> None:
    db.persons.insert_one(person, session=session)
    db.person_changes.insert_one({
        "person_id": person["_id"], "at": person["created_at"], "by": person["created_by"],
        "action": "registered",
        # field names only: the change log must not become a second copy of personal data
        "fields": sorted(k for k in person if not k.startswith("_")),
    }, session=session)


def find_person(db: Database, person_id: str) -> dict | None:
    return db.persons.find_one({"_id": person_id})


def list_persons(db: Database, query: dict, skip: int, limit: int) -> tuple[list[dict], int]:
    total = db.persons.count_documents(query)
    items = list(db.persons.find(query).sort("created_at", DESCENDING).skip(skip).limit(limit))
    return items, total
