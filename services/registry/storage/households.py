"""MongoDB access for households, re-check campaigns and their confirmations."""
from pymongo import ASCENDING
from pymongo.database import Database

from services.common.repository import MongoRepository
from services.common.scope import and_, region_query


def ensure_household_indexes(db: Database) -> None:
    db.households.create_index([("village_code", ASCENDING), ("number", ASCENDING)], unique=True)
    db.households.create_index("township_code")
    db.campaigns.create_index("township_code")
    db.campaign_confirmations.create_index([("campaign_id", ASCENDING), ("household_id", ASCENDING)],
                                           unique=True)


class HouseholdRepository(MongoRepository):
    collection = "households"
    duplicate_message = "该村已有此户号"

    def _duplicate_fields(self, e) -> dict:
        return {"number": "已存在"}

    def visible_to(self, actor, village_code: str | None = None) -> list[dict]:
        query = and_(region_query(actor), {"village_code": village_code} if village_code else {})
        return self.find(query, sort=[("village_code", ASCENDING), ("number", ASCENDING)], limit=2000)

    def member_counts(self, household_ids: list[str]) -> dict[str, int]:
        rows = self.db.persons.aggregate([
            {"$match": {"household_id": {"$in": household_ids}, "merged_into": {"$exists": False}}},
            {"$group": {"_id": "$household_id", "n": {"$sum": 1}}}], session=self.session)
        return {r["_id"]: r["n"] for r in rows}

    def count_by_village(self, township_code: str) -> dict[str, int]:
        rows = self.db.households.aggregate([
            {"$match": {"township_code": township_code}},
            {"$group": {"_id": "$village_code", "n": {"$sum": 1}}}], session=self.session)
        return {r["_id"]: r["n"] for r in rows}


class CampaignRepository(MongoRepository):
    collection = "campaigns"

    def visible_to(self, actor) -> list[dict]:
        town = actor.region_code[:9] if actor.region_code else None
        query = {} if actor.role in ("county_admin", "leader") else {"township_code": town}
        return self.find(query, sort=[("opened_at", -1)], limit=100)

    def confirm(self, entry: dict) -> None:
        self.db.campaign_confirmations.replace_one(
            {"campaign_id": entry["campaign_id"], "household_id": entry["household_id"]}, entry,
            upsert=True, session=self.session)

    def confirmed_by_village(self, campaign_id: str) -> dict[str, int]:
        rows = self.db.campaign_confirmations.aggregate([
            {"$match": {"campaign_id": campaign_id}},
            {"$group": {"_id": "$village_code", "n": {"$sum": 1}}}], session=self.session)
        return {r["_id"]: r["n"] for r in rows}
