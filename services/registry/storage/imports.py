"""MongoDB access for imports: the import records (who, when, file, counts, progress), the
uploaded files and error reports (GridFS), and bulk writes of one batch of people with their
change-log entries and outbox events in one transaction."""
from datetime import datetime, timedelta, timezone

import gridfs
from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.database import Database
from pymongo.errors import BulkWriteError

from services.common.domain.errors import Duplicate

from services.common.events.outbox import add_batch_to_outbox
from services.common.scope import region_query

from ..domain import rollup
from . import rollups

BUCKET = "registry_files"


def ensure_import_indexes(db: Database) -> None:
    db.imports.create_index([("status", ASCENDING), ("created_at", ASCENDING)])
    db.imports.create_index([("created_at", DESCENDING)])


class Files:
    """Uploaded spreadsheets and generated error reports."""
    def __init__(self, db: Database):
        self.fs = gridfs.GridFS(db, collection=BUCKET)

    def put(self, data: bytes, name: str) -> str:
        return str(self.fs.put(data, filename=name))

    def put_path(self, path: str, name: str) -> str:
        with open(path, "rb") as fh:
            return str(self.fs.put(fh, filename=name))

    def get(self, file_id: str) -> bytes:
        from bson import ObjectId
        return self.fs.get(ObjectId(file_id)).read()

    def open(self, file_id: str):
        from bson import ObjectId
        return self.fs.get(ObjectId(file_id))


class ImportRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, record: dict) -> None:
        self.db.imports.insert_one(record)

    def get(self, import_id: str) -> dict | None:
        return self.db.imports.find_one({"_id": import_id})

    def visible_to(self, actor, limit: int = 50) -> list[dict]:
        query = {"created_by.user_id": actor.id} if actor.role != "county_admin" else {}
        return list(self.db.imports.find(query).sort("created_at", DESCENDING).limit(limit))

    def claim_next(self, worker: str, stale_after: float = 120.0) -> dict | None:
        """Take the oldest queued import, or one whose worker stopped beating (died)."""
        now = datetime.now(timezone.utc)
        return self.db.imports.find_one_and_update(
            {"$or": [{"status": "queued"},
                     {"status": "running", "heartbeat": {"$lt": now - timedelta(seconds=stale_after)}}]},
            {"$set": {"status": "running", "worker": worker, "started_at": now, "heartbeat": now}},
            sort=[("created_at", ASCENDING)], return_document=ReturnDocument.AFTER)

    def running(self, beat_within: float = 30.0) -> bool:
        """Whether an import is running now (its worker beat within `beat_within` seconds; one
        that stopped beating died, and is no reason to wait)."""
        since = datetime.now(timezone.utc) - timedelta(seconds=beat_within)
        return self.db.imports.find_one({"status": "running", "heartbeat": {"$gte": since}},
                                        {"_id": 1}) is not None

    def update(self, import_id: str, **fields) -> None:
        self.db.imports.update_one({"_id": import_id}, {"$set": fields})

    def existing_ids(self, id_numbers: list[str]) -> set[str]:
        return {d["id_number"] for d in self.db.persons.find(
            {"id_number": {"$in": id_numbers}}, {"id_number": 1})}

    def add_batch(self, client, persons: list[dict], change: dict, events: list[dict],
                  import_id: str) -> None:
        """One transaction per batch: the people, ONE change-log entry naming all of them
        (see PersonRepository.history), ONE outbox record carrying their events, and ONE
        document of the statistics' increments (rollups.PENDING). The people
        are new, so no earlier outbox record exists for their keys (outbox.add_batch_to_outbox).
        Per-document cost dominates on the embedded MongoDB: 1,000 rows write 1,002 documents
        instead of 3,000."""
        with client.start_session() as s:
            with s.start_transaction():
                try:
                    self.db.persons.insert_many(persons, ordered=False, session=s)
                except BulkWriteError:
                    # someone registered one of these numbers meanwhile: the caller re-checks
                    raise Duplicate("该身份证号已登记", {"id_number": "已存在"}) from None
                self.db.person_changes.insert_one(change, session=s)
                add_batch_to_outbox(self.db, s, events, f"import:{import_id}")
                rollups.add_pending(self.db, s, rollup.batch_delta(persons))


    def fold_rollups(self, client) -> int:
        return rollups.fold(client, self.db)


def scope_of(actor) -> dict:
    return region_query(actor)
