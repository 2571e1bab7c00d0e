"""MongoDB access for cases (each with its referrals, legal aid and timeline). Scope is a
named query, visible_to(actor), the storage twin of domain.access.can_read."""
from datetime import date

from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.repository import MongoRepository
from services.common.scope import NOTHING, and_

from ..domain.access import DEPARTMENT_OFFICERS, LIVE_REFERRAL, handles_for
from ..domain.codes import OPEN_STATES


def ensure_indexes(db: Database) -> None:
    db.cases.create_index("receipt_number", unique=True)
    db.cases.create_index([("state", ASCENDING), ("due_date", ASCENDING)])
    db.cases.create_index([("owner_department", ASCENDING), ("updated_at", DESCENDING)])
    db.cases.create_index("referrals.id")
    db.cases.create_index([("referrals.to_department", ASCENDING), ("referrals.state", ASCENDING)])
    db.cases.create_index([("township_code", ASCENDING)])
    db.cases.create_index([("received_at", DESCENDING)])


class CaseRepository(MongoRepository):
    collection = "cases"
    duplicate_message = "受理编号重复"

    @staticmethod
    def visible_to(actor: Actor) -> dict:
        if actor.role in ("rights_staff", "county_admin"):
            return {}
        if actor.role in DEPARTMENT_OFFICERS:
            dept = handles_for(actor)
            if not dept:
                return dict(NOTHING)
            either = [{"owner_department": dept},
                      {"referrals": {"$elemMatch": {"to_department": dept,
                                                    "state": {"$in": list(LIVE_REFERRAL)}}}}]
            if dept == "justice":
                either.append({"legal_aid": {"$ne": None}})
            return {"$or": either}
        if actor.role == "township_staff" and actor.region_code:
            return {"township_code": actor.region_code}
        if actor.role == "village_liaison":
            return {"created_by.user_id": actor.id}
        return dict(NOTHING)

    @staticmethod
    def filters(state: str | None = None, category: str | None = None,
                overdue_on: date | None = None, department: str | None = None) -> dict:
        query: dict = {}
        if state:
            query["state"] = state
        if category:
            query["category"] = category
        if department:
            query["owner_department"] = department
        if overdue_on:
            query["state"] = {"$in": list(OPEN_STATES)} if not state else state
            query["due_date"] = {"$lt": overdue_on.isoformat()}
        return query

    def page_visible_to(self, actor: Actor, filters: dict, skip: int, limit: int):
        query = and_(filters, self.visible_to(actor))
        return (self.find(query, sort=[("received_at", DESCENDING)], skip=skip, limit=limit),
                self.count(query))

    def all_visible_to(self, actor: Actor, since=None, until=None) -> list[dict]:
        period = {}
        if since or until:
            period = {"received_at": {k: v for k, v in (("$gte", since), ("$lt", until)) if v}}
        return self.find(and_(period, self.visible_to(actor)))

    def by_receipt(self, receipt: str) -> dict | None:
        return self.col.find_one({"receipt_number": receipt}, session=self.session)

    def by_referral(self, referral_id: str) -> dict | None:
        return self.col.find_one({"referrals.id": referral_id}, session=self.session)

    def referral_box(self, department: str, side: str, states: list[str]) -> list[dict]:
        """Cases with a referral to (inbox) or from (outbox) a department in those states."""
        key = "to_department" if side == "inbox" else "from_department"
        match = {key: department, "state": {"$in": states}}
        return self.find({"referrals": {"$elemMatch": match}}, sort=[("updated_at", DESCENDING)],
                         limit=500)

    def legal_aid_queue(self, states: list[str]) -> list[dict]:
        return self.find({"legal_aid.state": {"$in": states}},
                         sort=[("legal_aid.requested_at", ASCENDING)], limit=500)
