"""Targets, scoring rules, assessors' manual scores and published rankings."""
from pymongo import ASCENDING
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.domain.roles import COUNTY_WIDE
from services.common.repository import MongoRepository
from services.common.scope import NOTHING, and_


def ensure_indexes(db: Database) -> None:
    db.targets.create_index([("year", ASCENDING), ("unit_code", ASCENDING)])
    db.manual_scores.create_index([("year", ASCENDING), ("period", ASCENDING)])


def unit_scope(actor: Actor, field: str = "unit_code") -> dict:
    if actor.role in COUNTY_WIDE:
        return {}
    if actor.role in ("township_staff", "village_liaison") and actor.region_code:
        return {field: actor.region_code[:9]}
    return dict(NOTHING)


class TargetRepository(MongoRepository):
    collection = "targets"

    def put(self, year: int, unit: str, indicator: str, value: float, by: dict, at) -> None:
        self.col.update_one({"_id": f"{year}:{unit}:{indicator}"},
                            {"$set": {"year": year, "unit_code": unit, "indicator": indicator,
                                      "value": value, "updated_by": by, "updated_at": at}},
                            upsert=True, session=self.session)

    def for_year(self, year: int, scope: dict | None = None) -> list[dict]:
        return self.find(and_({"year": year}, scope or {}), sort=[("unit_code", ASCENDING)])


class RuleRepository(MongoRepository):
    collection = "scoring_rules"

    def put(self, year: int, rule: dict, by: dict, at) -> None:
        self.col.replace_one({"_id": year}, {"_id": year, "rule": rule, "updated_by": by,
                                             "updated_at": at}, upsert=True, session=self.session)


class ManualScoreRepository(MongoRepository):
    collection = "manual_scores"

    def put(self, doc: dict) -> None:
        self.col.replace_one({"_id": doc["_id"]}, doc, upsert=True, session=self.session)

    def for_period(self, year: int, period: str, scope: dict | None = None) -> list[dict]:
        return self.find(and_({"year": year, "period": period}, scope or {}))


class RankingRepository(MongoRepository):
    collection = "rankings"
    duplicate_message = "该考评结果已发布"

    def published(self, year: int) -> list[dict]:
        return self.find({"year": year}, sort=[("period", ASCENDING), ("group", ASCENDING)])
