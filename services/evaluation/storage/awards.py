"""People known from the registry's events (status only), 创业之星 nominations and model cases."""
from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.repository import MongoRepository
from services.common.scope import NOTHING, and_

from .indicators import WriteBehind


def ensure_indexes(db: Database) -> None:
    db.nominations.create_index([("year", ASCENDING), ("person_id", ASCENDING)], unique=True)
    db.model_cases.create_index([("year", ASCENDING), ("township_code", ASCENDING)])
    db.people.create_index([("status", ASCENDING), ("township_code", ASCENDING)])


def township_scope(actor: Actor) -> dict:
    if actor.role in ("county_admin", "leader"):
        return {}
    if actor.role == "township_staff" and actor.region_code:
        return {"township_code": actor.region_code}
    return dict(NOTHING)


class PeopleRepository(MongoRepository):
    collection = "people"

    def __init__(self, db, session=None):
        super().__init__(db, session)
        self.states = WriteBehind(self.col, session)  # remember(): a batch's people at once

    def load(self, person_ids) -> None:
        self.states.load(person_ids)

    def remember(self, person_id: str, township: str, status: str, at: str) -> None:
        """Keep the state with the latest event time (a late, older event changes nothing;
        equal times are ordered by status so every arrival order ends the same). Written by
        flush(), with the unit of work's other writes."""
        doc = self.states.doc(person_id)
        if doc is None or (doc["at"], doc["status"]) < (at, status):
            self.states.set({"_id": person_id, "township_code": township, "status": status, "at": at})

    def flush(self) -> None:
        self.states.flush()

    def entrepreneur(self, person_id: str) -> dict | None:
        return self.col.find_one({"_id": person_id, "status": "entrepreneur"}, session=self.session)

    def entrepreneurs_visible_to(self, actor: Actor) -> list[dict]:
        return self.find(and_({"status": "entrepreneur"}, township_scope(actor)),
                         sort=[("township_code", ASCENDING), ("at", DESCENDING)], limit=500)


class NominationRepository(MongoRepository):
    collection = "nominations"
    duplicate_message = "该人员本年度已被推荐"

    def _duplicate_fields(self, e) -> dict:
        return {"person_id": "本年度已推荐"}

    def for_year_visible_to(self, actor: Actor, year: int) -> list[dict]:
        return self.find(and_({"year": year}, township_scope(actor)),
                         sort=[("township_code", ASCENDING), ("nominated_at", ASCENDING)])


class ModelCaseRepository(MongoRepository):
    collection = "model_cases"

    def for_year_visible_to(self, actor: Actor, year: int) -> list[dict]:
        return self.find(and_({"year": year}, township_scope(actor)),
                         sort=[("on", DESCENDING)])
