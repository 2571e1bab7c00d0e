"""MongoDB access for employers, liaison stations and output bases."""
from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

from services.common.repository import MongoRepository


def ensure_indexes(db: Database) -> None:
    db.employers.create_index("credit_code", unique=True)
    db.employers.create_index([("created_at", DESCENDING)])
    db.stations.create_index("name", unique=True)
    db.bases.create_index([("employer_id", ASCENDING)])
    db.employers.create_index("name")


class EmployerRepository(MongoRepository):
    collection = "employers"
    duplicate_message = "该统一社会信用代码已登记"

    def _duplicate_fields(self, e) -> dict:
        return {"credit_code": "已存在"}

    def page(self, query: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        return self.find(query, sort=[("created_at", DESCENDING)], skip=skip, limit=limit), self.count(query)

    def choices(self, limit: int = 1000) -> list[tuple[str, str]]:
        rows = self.col.find({}, {"name": 1}, sort=[("name", ASCENDING)], limit=limit, session=self.session)
        return [(r["_id"], r["name"]) for r in rows]

    def names(self, ids) -> dict[str, str]:
        rows = self.col.find({"_id": {"$in": list(ids)}}, {"name": 1}, session=self.session)
        return {r["_id"]: r["name"] for r in rows}

    def add_visit(self, employer_id: str, visit: dict) -> None:
        self.col.update_one({"_id": employer_id}, {"$push": {"visits": visit}, "$inc": {"version": 1}},
                            session=self.session)


class StationRepository(MongoRepository):
    collection = "stations"
    duplicate_message = "该联络站已登记"

    def _duplicate_fields(self, e) -> dict:
        return {"name": "已存在"}

    def all(self) -> list[dict]:
        return self.find({}, sort=[("name", ASCENDING)])

    def vetted(self, station_id: str, employer_id: str) -> None:
        self.col.update_one({"_id": station_id}, {"$addToSet": {"employer_ids": employer_id}},
                            session=self.session)


class BaseRepository(MongoRepository):
    collection = "bases"

    def page(self, query: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        return self.find(query, sort=[("created_at", DESCENDING)], skip=skip, limit=limit), self.count(query)
