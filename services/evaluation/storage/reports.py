"""Periodic reports in the evaluation database; scope is a named query (visible_to)."""
from pymongo import ASCENDING
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.repository import MongoRepository
from services.common.scope import NOTHING, and_


def ensure_indexes(db: Database) -> None:
    db.reports.create_index([("period_type", ASCENDING), ("period", ASCENDING)])
    db.reports.create_index([("township_code", ASCENDING), ("year", ASCENDING)])


class ReportRepository(MongoRepository):
    collection = "reports"

    @staticmethod
    def visible_to(actor: Actor) -> dict:
        if actor.role in ("county_admin", "leader"):
            return {}
        if actor.role == "township_staff" and actor.region_code:
            return {"township_code": actor.region_code}
        return dict(NOTHING)

    def for_period_visible_to(self, actor: Actor, period_type: str, period: str) -> list[dict]:
        return self.find(and_({"period_type": period_type, "period": period}, self.visible_to(actor)),
                         sort=[("township_code", ASCENDING)])

    def of_township(self, township: str, year: int) -> list[dict]:
        return self.find({"township_code": township, "year": year},
                         sort=[("period_type", ASCENDING), ("period", ASCENDING)])
