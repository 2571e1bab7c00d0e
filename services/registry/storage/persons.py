"""MongoDB access for people and their change log. Scope is a named query (visible_to), used
alike by list, read, export and statistics."""
import re

from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.repository import MongoRepository
from services.common.scope import and_, region_query

ACTIVE = {"merged_into": {"$exists": False}}


def ensure_indexes(db: Database) -> None:
    # ID numbers are stored normalised (ASCII, 18 digits), so uniqueness holds on the number
    db.persons.create_index("id_number", unique=True)
    db.persons.create_index([("township_code", ASCENDING), ("village_code", ASCENDING)])
    db.persons.create_index([("created_at", DESCENDING)])
    db.persons.create_index([("name", ASCENDING), ("birth_date", ASCENDING)])
    db.persons.create_index("phone")
    db.persons.create_index("household_id")
    db.person_changes.create_index([("person_id", ASCENDING), ("at", ASCENDING)])
    db.personal_data_reads.create_index([("at", DESCENDING)])
    db.personal_data_reads.create_index("person_ids")
    db.idempotency_keys.create_index("at", expireAfterSeconds=86400)


def criteria_query(c: dict) -> dict:
    q: dict = {}
    for key in ("township_code", "village_code", "id_number", "phone", "status", "sex", "education"):
        if key in c:
            q[key] = c[key]
    if "name" in c:
        q["name"] = {"$regex": "^" + re.escape(c["name"])}
    if "skill" in c:
        q["skills"] = c["skill"]
    if "intended_industry" in c:
        q["intended_industries"] = c["intended_industry"]
    if "intended_region" in c:
        q["intended_regions"] = c["intended_region"]
    for key in ("new_entrant", "organized_willing"):
        if key in c:
            q[key] = True if c[key] else {"$ne": True}
    if "has_training_intention" in c:
        q["training_intention"] = {"$nin": [None, ""]} if c["has_training_intention"] else {"$in": [None, ""]}
    if "trained" in c:
        q["trainings.0"] = {"$exists": c["trained"]}
    if "duplicate_suspect" in c:
        q["duplicate_suspects.0"] = {"$exists": c["duplicate_suspect"]}
    if "labor_age" in c:
        q["beyond_labor_age"] = {"$ne": True} if c["labor_age"] else True
    if "born_after" in c:
        q["birth_date"] = {"$gt": c["born_after"], "$lte": c["born_on_or_before"]}
    return q


def sort_spec(sort: str) -> list:
    key = sort.lstrip("-")
    return [(key, DESCENDING if sort.startswith("-") else ASCENDING), ("_id", ASCENDING)]


class PersonRepository(MongoRepository):
    collection = "persons"
    duplicate_message = "该身份证号已登记"

    def _duplicate_fields(self, e) -> dict:
        return {"id_number": "已存在"}

    def add(self, person: dict) -> None:
        super().add(person)
        self.log_change(person["_id"], {"at": person["created_at"], "by": person["created_by"],
                                        "action": "registered",
                                        "fields": sorted(k for k in person if not k.startswith("_")),
                                        "values": {}})

    def log_change(self, person_id: str, entry: dict) -> None:
        # field names (and old/new values of non-personal fields only): the change log must
        # not become a second copy of personal data
        self.db.person_changes.insert_one(dict(entry, person_id=person_id), session=self.session)

    def history(self, person_id: str) -> list[dict]:
        return list(self.db.person_changes.find({"person_id": person_id}, {"_id": 0},
                                                session=self.session).sort("at", ASCENDING))

    def by_id_number(self, id_number: str) -> dict | None:
        return self.col.find_one({"id_number": id_number}, session=self.session)

    def similar(self, name: str, birth_date: str, exclude: str) -> list[dict]:
        """Likely duplicates: same name and birth date anywhere in the county."""
        return self.find(and_({"name": name, "birth_date": birth_date, "_id": {"$ne": exclude}},
                              ACTIVE))

    def members(self, household_id: str) -> list[dict]:
        return self.find(and_({"household_id": household_id}, ACTIVE), sort=[("created_at", ASCENDING)])

    @staticmethod
    def visible_to(actor: Actor) -> dict:
        return region_query(actor)

    def search_visible_to(self, actor: Actor, criteria: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        query = and_(criteria_query(criteria), self.visible_to(actor), ACTIVE)
        items = self.find(query, sort=sort_spec(criteria.get("sort", "-created_at")), skip=skip, limit=limit)
        return items, self.count(query)

    def page_visible_to(self, actor: Actor, filters: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        return self.search_visible_to(actor, filters, skip, limit)

    def cursor_visible_to(self, actor: Actor, criteria: dict, projection: dict | None = None):
        """For exports and statistics: a streaming cursor, never a list of 100k records."""
        query = and_(criteria_query(criteria), self.visible_to(actor), ACTIVE)
        return self.col.find(query, projection, session=self.session,
                             batch_size=2000).sort(sort_spec(criteria.get("sort", "village_code")))


    def stats_visible_to(self, actor: Actor, criteria: dict, group_by: str, today) -> list[tuple]:
        from .stats import counts
        return counts(self.db, self.visible_to(actor), criteria, group_by, today)


class ReadAuditRepository:
    """Who opened or exported whose unmasked record, when and from where (PIPL)."""
    def __init__(self, db: Database, session):
        self.db, self.session = db, session

    def add(self, entry: dict) -> None:
        self.db.personal_data_reads.insert_one(dict(entry), session=self.session)

    def search(self, query: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        col = self.db.personal_data_reads
        items = list(col.find(query, {"_id": 0}, session=self.session)
                     .sort("at", DESCENDING).skip(skip).limit(limit))
        return items, col.count_documents(query, session=self.session)


class IdempotencyRepository:
    """Answers already given to a (user, Idempotency-Key): a double-clicked form registers once."""
    def __init__(self, db: Database, session):
        self.db, self.session = db, session

    def get(self, key: str) -> dict | None:
        return self.db.idempotency_keys.find_one({"_id": key}, session=self.session)

    def add(self, key: str, person_id: str, at) -> None:
        self.db.idempotency_keys.insert_one({"_id": key, "person_id": person_id, "at": at},
                                            session=self.session)
