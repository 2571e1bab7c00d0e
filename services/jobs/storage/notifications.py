"""MongoDB access for SMS subscriptions (with the worker's phone), the SMS messages (the
delivery record: one per worker per day, its `_id` is person:day, so two postings handled at
once cannot both queue one), and staff notices. Subscriptions and messages are about people:
scoped by region like the register."""
from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.domain.roles import COUNTY_WIDE
from services.common.repository import MongoRepository
from services.common.scope import and_, region_query


def ensure_indexes(db: Database) -> None:
    db.sms_subscriptions.create_index("code", unique=True)
    db.sms_subscriptions.create_index([("status", ASCENDING)])
    db.sms_subscriptions.create_index([("township_code", ASCENDING), ("updated_at", DESCENDING)])
    # the one-a-day rule is the _id (person:day); this index says it again for readers of the
    # collection and serves the per-person history
    db.sms_messages.create_index([("person_id", ASCENDING), ("day", ASCENDING)], unique=True)
    db.sms_messages.create_index([("status", ASCENDING), ("created_at", ASCENDING)])
    db.sms_messages.create_index([("posting_id", ASCENDING)])
    db.sms_messages.create_index([("township_code", ASCENDING), ("created_at", DESCENDING)])
    db.staff_notices.create_index([("roles", ASCENDING), ("created_at", DESCENDING)])


class SubscriptionRepository(MongoRepository):
    collection = "sms_subscriptions"
    duplicate_message = "该劳动力已订阅"

    def by_code(self, code: str) -> dict | None:
        return self.col.find_one({"code": code}, session=self.session)

    def many(self, person_ids) -> dict:
        """Subscriptions by person id (those that exist), with one query."""
        return {s["_id"]: s for s in self.find({"_id": {"$in": list(person_ids)}})}

    def opted_in(self) -> list[dict]:
        return self.find({"status": "opted_in"})

    def page_visible_to(self, actor: Actor, query: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        q = and_(query, region_query(actor))
        return self.find(q, sort=[("updated_at", DESCENDING)], skip=skip, limit=limit), self.count(q)


class MessageRepository(MongoRepository):
    collection = "sms_messages"

    def queue(self, message: dict) -> bool:
        """Queue the day's message for a worker unless one exists: False when the worker already
        has today's. Read before insert, inside the transaction: a concurrent transaction that
        queued the same key makes this one conflict (and be retried), never both commit."""
        if self.col.find_one({"_id": message["_id"]}, {"_id": 1}, session=self.session):
            return False
        self.col.insert_one(message, session=self.session)
        return True

    def told_of(self, posting_id: str) -> set[str]:
        return {m["person_id"] for m in self.col.find({"posting_id": posting_id}, {"person_id": 1},
                                                     session=self.session)}

    def of_person(self, person_id: str, limit: int) -> list[dict]:
        return self.find({"person_id": person_id}, sort=[("created_at", DESCENDING)], limit=limit)

    def due(self, limit: int) -> list[dict]:
        return self.find({"status": "queued"}, sort=[("created_at", ASCENDING)], limit=limit)

    def claim(self, message_id: str, now) -> bool:
        """queued -> sending, for one sender only."""
        return self.col.update_one({"_id": message_id, "status": "queued"},
                                   {"$set": {"status": "sending", "claimed_at": now}},
                                   session=self.session).modified_count == 1

    def stuck(self, before) -> list[dict]:
        return self.find({"status": "sending", "claimed_at": {"$lt": before}})

    def finish(self, message: dict) -> bool:
        """Write the outcome of a claimed message (guarded: only from sending)."""
        return self.col.replace_one({"_id": message["_id"], "status": "sending"}, message,
                                    session=self.session).matched_count == 1

    def page_visible_to(self, actor: Actor, query: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        q = and_(query, region_query(actor))
        return self.find(q, sort=[("created_at", DESCENDING)], skip=skip, limit=limit), self.count(q)


def notice_query(actor: Actor) -> dict:
    """The notices addressed to the actor's role in the actor's region (None: county-wide)."""
    if actor.role in COUNTY_WIDE:
        return {"roles": actor.role}
    region = actor.region_code or "-"
    if actor.role == "village_liaison":
        mine = {"$or": [{"village_code": region},
                        {"township_code": region[:9], "village_code": None}]}
    else:
        mine = {"township_code": region}
    return {"roles": actor.role, "$or": [{"township_code": None}, mine]}


class NoticeRepository(MongoRepository):
    collection = "staff_notices"

    def add_once(self, notice: dict) -> bool:
        if self.col.find_one({"_id": notice["_id"]}, {"_id": 1}, session=self.session):
            return False
        self.col.insert_one(notice, session=self.session)
        return True

    def page_for(self, actor: Actor, unread: bool, skip: int, limit: int) -> tuple[list[dict], int]:
        q = notice_query(actor)
        if unread:
            q = and_(q, {"read_by": {"$ne": actor.id}})
        return self.find(q, sort=[("created_at", DESCENDING)], skip=skip, limit=limit), self.count(q)

    def mark_read(self, notice_id: str, user_id: str) -> None:
        self.col.update_one({"_id": notice_id}, {"$addToSet": {"read_by": user_id}}, session=self.session)
