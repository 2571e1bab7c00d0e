"""A repository over one MongoDB collection, bound to a unit of work's session. Services
subclass it and add their named queries (scope, filters); optimistic concurrency by version."""
from pymongo import InsertOne, ReplaceOne
from pymongo.client_session import ClientSession
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from .domain.errors import Duplicate, StaleVersion


def insert_or_replace(col: Collection, docs: list[dict], new_ids, session) -> None:
    """A batch of whole documents in one bulk write: those whose _id is in `new_ids` (read in
    this transaction and not there) inserted, the others replaced (upserted). On the embedded
    MongoDB an upsert costs about four inserts (0.38 against 0.10 ms a document). A document
    another transaction inserted meanwhile fails this one, which is then retried. Inserts
    first, then replacements: two commands (pymongo sends a run of one kind as one)."""
    if docs:
        ops = ([InsertOne(d) for d in docs if d["_id"] in new_ids]
               + [ReplaceOne({"_id": d["_id"]}, d, upsert=True) for d in docs if d["_id"] not in new_ids])
        col.bulk_write(ops, ordered=True, session=session)


class MongoRepository:
    collection: str = ""
    duplicate_message = "记录已存在"

    def __init__(self, db: Database, session: ClientSession | None):
        self.db = db
        self.col = db[self.collection]
        self.session = session

    def add(self, doc: dict) -> None:
        try:
            self.col.insert_one(doc, session=self.session)
        except DuplicateKeyError as e:
            raise Duplicate(self.duplicate_message, self._duplicate_fields(e)) from None

    def _duplicate_fields(self, e: DuplicateKeyError) -> dict:
        keys = (e.details or {}).get("keyPattern") or {}
        return {k: "已存在" for k in keys} or {"id": "已存在"}

    def get(self, id_: str) -> dict | None:
        return self.col.find_one({"_id": id_}, session=self.session)

    def save(self, doc: dict, expected_version: int) -> None:
        """Replace a record written at `expected_version`; its version goes up by one."""
        new = dict(doc, version=expected_version + 1)
        result = self.col.replace_one({"_id": doc["_id"], "version": expected_version}, new,
                                      session=self.session)
        if result.matched_count != 1:
            raise StaleVersion("记录已被他人修改,请刷新后重试",
                               {"version": f"当前版本不是 {expected_version}"})
        doc["version"] = expected_version + 1

    def find(self, query: dict, sort=None, skip: int = 0, limit: int = 0) -> list[dict]:
        cursor = self.col.find(query, session=self.session)
        if sort:
            cursor = cursor.sort(sort)
        return list(cursor.skip(skip).limit(limit))

    def count(self, query: dict) -> int:
        return self.col.count_documents(query, session=self.session)
