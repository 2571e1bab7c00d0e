"""The local table of agencies, kept from licensing's agency.* events, so that a complaint
can name a respondent agency by id and see whether it is licensed."""
import re

from pymongo.database import Database


def ensure_indexes(db: Database) -> None:
    db.agencies.create_index("name")


class AgencyRepository:
    def __init__(self, db: Database, session):
        self.col = db.agencies
        self.session = session

    def get(self, agency_id: str) -> dict | None:
        return self.col.find_one({"_id": agency_id}, session=self.session)

    def upsert(self, agency_id: str, fields: dict, at: str) -> None:
        # a redelivered older event must not overwrite a newer state: keep the latest by time
        current = self.get(agency_id)
        if current and current.get("at", "") > at:
            return
        self.col.replace_one({"_id": agency_id}, {"_id": agency_id, **(current or {}), **fields,
                                                  "at": at}, upsert=True, session=self.session)

    def search(self, q: str, limit: int = 20) -> list[dict]:
        query = {"name": {"$regex": re.escape(q)}} if q else {}
        return list(self.col.find(query, session=self.session).sort("name", 1).limit(limit))
