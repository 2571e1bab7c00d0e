"""MongoDB access for licensing: one repository per collection, each with its named scope
queries (who may see which rows), and the yearly number sequences (licences, ad filings)."""
import re

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.repository import MongoRepository
from services.common.scope import NOTHING

from ..domain import enforcement


def ensure_indexes(db: Database) -> None:
    db.agencies.create_index("credit_code", unique=True)
    db.agencies.create_index("license_number")
    db.agencies.create_index([("status", ASCENDING), ("valid_until", ASCENDING)])
    db.inspections.create_index([("agency_id", ASCENDING), ("inspected_on", DESCENDING)])
    db.ads.create_index("filing_number")
    db.ads.create_index([("status", ASCENDING), ("created_at", DESCENDING)])
    db.enforcement_cases.create_index("suspect_key")
    db.enforcement_cases.create_index("departments")
    db.tips.create_index([("created_at", DESCENDING)])


class AgencyRepository(MongoRepository):
    collection = "agencies"
    duplicate_message = "该统一社会信用代码已提交过申请"

    def _duplicate_fields(self, e) -> dict:
        return {"credit_code": "已存在"}

    def by_status(self, statuses: list[str] | None, skip: int = 0, limit: int = 0) -> tuple[list[dict], int]:
        query = {"status": {"$in": statuses}} if statuses else {}
        return self.find(query, sort=[("created_at", DESCENDING)], skip=skip, limit=limit), self.count(query)

    def search_public(self, q: str, limit: int = 20) -> list[dict]:
        """Licence number exactly, or a part of the name (as typed; regex characters escaped)."""
        return self.find({"$or": [{"license_number": q.upper()},
                                  {"name": {"$regex": re.escape(q)}}]},
                         sort=[("name", ASCENDING)], limit=limit)

    def due_for_expiry(self, today_iso: str) -> list[dict]:
        return self.find({"status": {"$in": ["licensed", "suspended"]}, "valid_until": {"$lt": today_iso}})

    def licensed_ids(self) -> list[str]:
        return [a["_id"] for a in self.find({"status": "licensed"})]

    def with_license(self) -> list[dict]:
        return self.find({"license_number": {"$ne": None}})


class InspectionRepository(MongoRepository):
    collection = "inspections"

    def of_agency(self, agency_id: str) -> list[dict]:
        return self.find({"agency_id": agency_id}, sort=[("inspected_on", DESCENDING)])

    def of_draw(self, draw_id: str) -> list[dict]:
        return self.find({"draw_id": draw_id})


class AdRepository(MongoRepository):
    collection = "ads"

    def by_filing_number(self, number: str) -> dict | None:
        rows = self.find({"filing_number": number}, limit=1)
        return rows[0] if rows else None

    def by_status(self, status: str | None, skip: int, limit: int) -> tuple[list[dict], int]:
        query = {"status": status} if status else {}
        return self.find(query, sort=[("created_at", DESCENDING)], skip=skip, limit=limit), self.count(query)


class TipRepository(MongoRepository):
    collection = "tips"

    @staticmethod
    def visible_to(actor: Actor) -> dict:
        # the labor office runs the hotline and takes every tip (reporters are protected);
        # police and commerce see a tip's substance in the cases they take part in
        return {} if actor.role == "county_admin" else dict(NOTHING)

    def link_case(self, tip_id: str, case_id: str) -> bool:
        return self.col.update_one({"_id": tip_id}, {"$set": {"case_id": case_id}},
                                   session=self.session).matched_count == 1

    def page_visible_to(self, actor: Actor, skip: int, limit: int) -> tuple[list[dict], int]:
        query = self.visible_to(actor)
        return self.find(query, sort=[("created_at", DESCENDING)], skip=skip, limit=limit), self.count(query)


class CaseRepository(MongoRepository):
    collection = "enforcement_cases"

    @staticmethod
    def visible_to(actor: Actor) -> dict:
        """Each department sees the cases it takes part in."""
        if actor.role in enforcement.OFFICERS and actor.department:
            return {"departments": actor.department}
        return dict(NOTHING)

    def page_visible_to(self, actor: Actor, status: str | None, skip: int, limit: int):
        query = self.visible_to(actor)
        if status:
            query = {"$and": [query, {"status": status}]}
        return self.find(query, sort=[("opened_at", DESCENDING)], skip=skip, limit=limit), self.count(query)

    def open_for_suspect(self, key: str) -> dict | None:
        rows = self.find({"suspect_key": key, "status": {"$ne": "closed"}}, limit=1)
        return rows[0] if rows else None


class DrawRepository(MongoRepository):
    collection = "draws"

    def recent(self, limit: int = 20) -> list[dict]:
        return self.find({}, sort=[("drawn_at", DESCENDING)], limit=limit)


class RuleRepository(MongoRepository):
    collection = "score_rules"

    def all(self) -> dict:
        return {r["_id"]: dict(r, code=r["_id"]) for r in self.find({}, sort=[("_id", ASCENDING)])}

    def put(self, rule: dict) -> None:
        doc = {k: v for k, v in rule.items() if k != "code"}
        self.col.replace_one({"_id": rule["code"]}, dict(doc, _id=rule["code"]), upsert=True,
                             session=self.session)


class Counters:
    """Yearly sequences: 内人社职介字〔2026〕第 0001 号, 广告备案 2026-0001."""
    def __init__(self, db: Database, session):
        self.db, self.session = db, session

    def next(self, name: str, year: int) -> int:
        doc = self.db.counters.find_one_and_update(
            {"_id": f"{name}:{year}"}, {"$inc": {"value": 1}}, upsert=True,
            return_document=ReturnDocument.AFTER, session=self.session)
        return doc["value"]
