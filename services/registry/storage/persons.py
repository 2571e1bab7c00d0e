"""MongoDB access for people and their change log. Scope is a named query (visible_to), used
alike by list, read, export and statistics."""
from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.repository import MongoRepository
from services.common.scope import and_, region_query


def ensure_indexes(db: Database) -> None:
    db.persons.create_index("id_number", unique=True)
    db.persons.create_index([("township_code", ASCENDING), ("village_code", ASCENDING)])
    db.persons.create_index([("created_at", DESCENDING)])
    db.person_changes.create_index([("person_id", ASCENDING), ("at", ASCENDING)])


class PersonRepository(MongoRepository):
    collection = "persons"
    duplicate_message = "该身份证号已登记"

    def _duplicate_fields(self, e) -> dict:
        return {"id_number": "已存在"}

    def add(self, person: dict) -> None:
        super().add(person)
        self.log_change(person["_id"], person["created_at"], person["created_by"], "registered",
                        sorted(k for k in person if not k.startswith("_")))

    def log_change(self, person_id: str, at, by: dict, action: str, fields: list[str],
                   values: dict | None = None) -> None:
        # field names (and old/new values of non-personal fields only): the change log must
        # not become a second copy of personal data
        self.db.person_changes.insert_one({"person_id": person_id, "at": at, "by": by,
                                           "action": action, "fields": fields,
                                           "values": values or {}}, session=self.session)

    @staticmethod
    def visible_to(actor: Actor) -> dict:
        return region_query(actor)

    def page_visible_to(self, actor: Actor, filters: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        query = and_(filters, self.visible_to(actor))
        return self.find(query, sort=[("created_at", DESCENDING)], skip=skip, limit=limit), self.count(query)
