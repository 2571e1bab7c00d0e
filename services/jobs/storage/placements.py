"""MongoDB access for recruitment orders, applications, placements and follow-up tasks.
Applications, placements and follow-ups are about people: scoped by region (visible_to)."""
from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.domain.errors import StaleVersion
from services.common.repository import MongoRepository
from services.common.scope import and_, region_query


def ensure_indexes(db: Database) -> None:
    db.orders.create_index([("status", ASCENDING), ("departure_date", ASCENDING)])
    db.orders.create_index([("base_id", ASCENDING)])
    db.orders.create_index([("employer_id", ASCENDING)])
    db.applications.create_index([("status", ASCENDING), ("created_at", ASCENDING)])
    db.applications.create_index([("township_code", ASCENDING)])
    db.placements.create_index([("township_code", ASCENDING), ("created_at", DESCENDING)])
    db.follow_ups.create_index([("township_code", ASCENDING), ("status", ASCENDING), ("due_on", ASCENDING)])


class OrderRepository(MongoRepository):
    collection = "orders"

    def page(self, query: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        return self.find(query, sort=[("departure_date", ASCENDING)], skip=skip, limit=limit), self.count(query)

    def use_by_base(self, base_ids: list[str]) -> dict[str, tuple[int, int]]:
        """base id -> (workers placed through its orders, its orders)."""
        rows = self.col.aggregate([{"$match": {"base_id": {"$in": base_ids}}},
                                   {"$group": {"_id": "$base_id", "placed": {"$sum": "$placed"},
                                               "orders": {"$sum": 1}}}], session=self.session)
        return {r["_id"]: (r["placed"], r["orders"]) for r in rows}


class ScopedRepository(MongoRepository):
    sort = [("created_at", DESCENDING)]

    @staticmethod
    def visible_to(actor: Actor) -> dict:
        return region_query(actor)

    def page_visible_to(self, actor: Actor, query: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        q = and_(query, self.visible_to(actor))
        return self.find(q, sort=self.sort, skip=skip, limit=limit), self.count(q)


class ApplicationRepository(ScopedRepository):
    collection = "applications"

    def stale(self, before) -> list[dict]:
        return self.find({"status": "applied", "created_at": {"$lte": before}})

    def with_outcome(self) -> list[dict]:
        return self.find({"status": {"$in": ["hired", "refused"]}})


class PlacementRepository(ScopedRepository):
    collection = "placements"


class FollowUpRepository(ScopedRepository):
    collection = "follow_ups"
    sort = [("due_on", ASCENDING)]

    def add_many(self, tasks: list[dict]) -> None:
        self.col.insert_many(tasks, session=self.session)

    def replace(self, task: dict) -> None:
        # a task is written once (due -> done), guarded by its status in the filter
        if self.col.replace_one({"_id": task["_id"], "status": "due"}, task, session=self.session).matched_count != 1:
            raise StaleVersion("该回访已由他人登记,请刷新", {"id": "已登记"})
