"""Indicator counters in the evaluation database."""
from datetime import datetime, timezone

from pymongo import ASCENDING
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..domain.indicators import INDICATORS, indicator_key


def ensure_indexes(db: Database) -> None:
    db.indicators.create_index([("year", ASCENDING), ("township_code", ASCENDING)])


def increment(db: Database, session: ClientSession, year: int, township_code: str, deltas: dict) -> None:
    db.indicators.update_one(
        {"_id": indicator_key(year, township_code)},
        {"$inc": deltas,
         "$set": {"updated_at": datetime.now(timezone.utc)},
         "$setOnInsert": {"year": year, "township_code": township_code}},
        upsert=True, session=session)


def for_year(db: Database, year: int) -> list[dict]:
    rows = []
    for doc in db.indicators.find({"year": year}).sort("township_code", ASCENDING):
        rows.append({"township_code": doc["township_code"],
                     **{name: doc.get(name, 0) for name in INDICATORS}})
    return rows
