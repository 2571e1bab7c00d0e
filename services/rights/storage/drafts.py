"""Complaint drafts from jobs' placement.wage_unpaid: a worker's wages are reported unpaid,
the rights center calls them and turns the draft into a complaint (or dismisses it)."""
from pymongo import DESCENDING
from pymongo.database import Database


def ensure_indexes(db: Database) -> None:
    db.complaint_drafts.create_index([("state", 1), ("reported_at", DESCENDING)])


class DraftRepository:
    def __init__(self, db: Database, session):
        self.col = db.complaint_drafts
        self.session = session

    def add_once(self, draft: dict) -> bool:
        """One draft per placement: a second report of the same placement changes nothing."""
        if self.col.find_one({"_id": draft["_id"]}, session=self.session):
            return False
        self.col.insert_one(draft, session=self.session)
        return True

    def get(self, draft_id: str) -> dict | None:
        return self.col.find_one({"_id": draft_id}, session=self.session)

    def set_state(self, draft_id: str, state: str, case_id: str | None, at) -> None:
        self.col.update_one({"_id": draft_id}, {"$set": {"state": state, "case_id": case_id,
                                                         "updated_at": at}}, session=self.session)

    def open_drafts(self, limit: int = 200) -> list[dict]:
        return list(self.col.find({"state": "open"}, session=self.session)
                    .sort("reported_at", DESCENDING).limit(limit))
