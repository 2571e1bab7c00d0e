"""Indicator counters in the evaluation database."""
from datetime import datetime, timezone

from pymongo import ASCENDING
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.scope import and_, region_query

from ..domain.indicators import INDICATORS, indicator_key


def ensure_indexes(db: Database) -> None:
    db.indicators.create_index([("year", ASCENDING), ("township_code", ASCENDING)])


class IndicatorRepository:
    def __init__(self, db: Database, session):
        self.col = db.indicators
        self.session = session

    def increment(self, year: int, township_code: str, deltas: dict) -> None:
        self.col.update_one(
            {"_id": indicator_key(year, township_code)},
            {"$inc": deltas,
             "$set": {"updated_at": datetime.now(timezone.utc)},
             "$setOnInsert": {"year": year, "township_code": township_code}},
            upsert=True, session=self.session)

    @staticmethod
    def visible_to(actor: Actor) -> dict:
        # a village liaison sees its township's row: indicators are kept per township
        if actor.role == "village_liaison" and actor.region_code:
            return {"township_code": actor.region_code[:9]}
        return region_query(actor)

    def for_year_visible_to(self, actor: Actor, year: int) -> list[dict]:
        query = and_({"year": year}, self.visible_to(actor))
        return [{"township_code": doc["township_code"],
                 **{name: doc.get(name, 0) for name in INDICATORS}}
                for doc in self.col.find(query, session=self.session).sort("township_code", ASCENDING)]
