"""MongoDB access for postings, their filing-number counter, and the licensed-agency table."""
from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.database import Database

from services.common.repository import MongoRepository

ACTIVE = ("draft", "submitted", "published")


def ensure_indexes(db: Database) -> None:
    db.postings.create_index([("status", ASCENDING), ("updated_at", DESCENDING)])
    db.postings.create_index([("agency_id", ASCENDING), ("status", ASCENDING)])
    # a draft has no filing number yet (the field is absent, so sparse skips it)
    db.postings.create_index("filing_number", unique=True, sparse=True)


class PostingRepository(MongoRepository):
    collection = "postings"

    def page(self, query: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        return self.find(query, sort=[("updated_at", DESCENDING)], skip=skip, limit=limit), self.count(query)

    @staticmethod
    def review_queue() -> dict:
        return {"status": "submitted"}

    def active_of_agency(self, agency_id: str) -> list[dict]:
        return self.find({"agency_id": agency_id, "status": {"$in": list(ACTIVE)}})

    def open_on(self, today: str, fields: dict | None = None) -> list[dict]:
        """Published postings within their validity: what workers may be matched to."""
        query = {"status": "published", "valid_from": {"$lte": today}, "valid_until": {"$gte": today}}
        return list(self.col.find(query, fields, session=self.session))

    def past_end(self, today: str) -> list[dict]:
        return self.find({"status": "published", "valid_until": {"$lt": today}})

    def next_filing_seq(self, year: int) -> int:
        # in the use case's transaction: a rolled-back approval gives its number back
        doc = self.db.counters.find_one_and_update(
            {"_id": f"filing:{year}"}, {"$inc": {"seq": 1}}, upsert=True,
            return_document=ReturnDocument.AFTER, session=self.session)
        return doc["seq"]


class AgencyRepository(MongoRepository):
    collection = "agencies"

    def put(self, agency: dict) -> None:
        self.col.replace_one({"_id": agency["_id"]}, agency, upsert=True, session=self.session)

    def many(self, ids) -> dict:
        return {a["_id"]: a for a in self.find({"_id": {"$in": list(ids)}})}


def published_postings(db: Database):
    """Every published posting, streamed (the re-index reads them outside a transaction)."""
    return db.postings.find({"status": "published"}).batch_size(500)


def changed_since(db: Database, moment) -> list[dict]:
    return list(db.postings.find({"updated_at": {"$gte": moment}}))


def agency_table(db: Database) -> dict:
    return {a["_id"]: a for a in db.agencies.find()}
