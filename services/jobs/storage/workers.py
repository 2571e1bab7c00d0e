"""Worker profiles kept from the registry's events (no name, ID number or phone: the events
carry none), scoped by region like the register itself."""
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.repository import MongoRepository, insert_or_replace
from services.common.scope import and_, region_query


def ensure_indexes(db: Database) -> None:
    db.workers.create_index([("township_code", 1), ("village_code", 1)])
    db.workers.create_index("status")


class WorkerRepository(MongoRepository):
    collection = "workers"

    def put(self, profile: dict) -> None:
        self.col.replace_one({"_id": profile["_id"]}, profile, upsert=True, session=self.session)

    def put_many(self, profiles: list[dict], new_ids=frozenset()) -> None:
        """A consumer's poll of profiles in one bulk write, those in `new_ids` inserted."""
        insert_or_replace(self.col, profiles, new_ids, self.session)

    def many(self, ids) -> dict:
        """Profiles by id (those that exist): the SMS matching of a published posting, and a
        consumer's poll of person events."""
        return {w["_id"]: w for w in self.find({"_id": {"$in": list(ids)}})}

    @staticmethod
    def scope(actor: Actor) -> dict:
        return region_query(actor)

    def visible_to(self, actor: Actor, query: dict | None = None) -> list[dict]:
        return self.find(and_(query or {}, self.scope(actor)))
