"""The village rollups of the statistics (domain/rollup.py) in MongoDB: one small document
per village, read instead of aggregating 100,000 records per request. Every write of a person
inserts its increments in its own transaction (PENDING); the worker folds them into the
village documents every few seconds, and reads add those not folded yet, so counts are
exact at every moment and concurrent writers never touch the same document."""
from pymongo.database import Database

from ..domain import rollup
from .persons import ACTIVE

COLLECTION = "person_rollups"
# A registration, an edit or an import batch (which touches up to every village: one $inc per
# village per batch cost more than the batch's records) writes its increments as ONE document
# here, in its transaction; fold() adds them into the village rollups (every few seconds from
# the worker, after each import and every few import batches), and reads add the ones not
# folded yet, so counts are exact throughout.
PENDING = "person_rollup_increments"


def add_pending(db: Database, session, deltas: dict[tuple, dict]) -> None:
    """A write's (or an import batch's) increments as one document (see PENDING)."""
    cells = [[town, village, key, n, m] for (town, village), c in deltas.items() for key, (n, m) in c.items()]
    if cells:
        db[PENDING].insert_one({"cells": cells}, session=session)


def _pending_deltas(docs) -> tuple[list, dict[tuple, dict]]:
    ids, out = [], {}
    for doc in docs:
        ids.append(doc["_id"])
        for town, village, key, n, m in doc["cells"]:
            cells = out.setdefault((town, village), {})
            pn, pm = cells.get(key, (0, 0))
            cells[key] = (pn + n, pm + m)
    return ids, out


def fold(client, db: Database) -> int:
    """Adds the pending increments into the village rollups and removes them, in one
    transaction; returns how many were folded. The new village documents are computed here
    and written whole (one delete, one insert): $inc with hundreds of paths per village made
    the embedded MongoDB take seconds per village."""
    from services.common.uow import run_with_retry

    def once() -> int:
        with client.start_session() as s:
            with s.start_transaction():
                ids, deltas = _pending_deltas(db[PENDING].find({}, session=s))
                if ids:
                    villages = sorted({v for _, v in deltas})
                    docs = list(db[COLLECTION].find({"_id": {"$in": villages}}, session=s))
                    _replace(db, s, villages, _with_pending(docs, deltas, {}))
                    db[PENDING].delete_many({"_id": {"$in": ids}}, session=s)
                return len(ids)
    return run_with_retry(once)


def _replace(db: Database, session, villages: list[str], docs: list[dict]) -> None:
    db[COLLECTION].delete_many({"_id": {"$in": villages}}, session=session)
    if docs:
        db[COLLECTION].insert_many(docs, session=session)


def read(db: Database, session, scope: dict, group_by: str, today) -> list[tuple]:
    """scope: {} (county), {'township_code': t} or {'village_code': v} (and both)."""
    query = {}
    if "township_code" in scope:
        query["township_code"] = scope["township_code"]
    if "village_code" in scope:
        query["_id"] = scope["village_code"]
    dim = rollup.SERVED[group_by]
    projection = {"township_code": 1, "n": 1, "m": 1} | ({f"d.{dim}": 1} if dim else {})
    docs = list(db[COLLECTION].find(query, projection, session=session))
    _, pending = _pending_deltas(db[PENDING].find({}, session=session))
    if pending:
        docs = _with_pending(docs, pending, scope)
    return rollup.read(docs, group_by, today)


def total(db: Database, session, scope: dict) -> int:
    """Persons in the scope (as read() counts them)."""
    return sum(n for _, n, _, _ in read(db, session, scope, "township", None))


def _with_pending(docs: list[dict], pending: dict[tuple, dict], scope: dict) -> list[dict]:
    """The village documents as they will be once the pending increments are folded."""
    by_id = {d["_id"]: d for d in docs}
    for (town, village), cells in pending.items():
        if scope.get("township_code", town) != town or scope.get("village_code", village) != village:
            continue
        doc = by_id.setdefault(village, {"_id": village, "township_code": town})
        for path, value in rollup.increments(cells).items():
            *parents, leaf = path.split(".")
            node = doc
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = node.get(leaf, 0) + value
    return list(by_id.values())


def rebuild(client, db: Database) -> int:
    """Recount every village from the records, in one transaction (a concurrent writer's $inc
    on the same rollup conflicts with it, so nothing is counted twice or missed). Run by the
    worker when the rollups are missing, e.g. on a register kept before they existed."""
    from services.common.uow import run_with_retry

    def once() -> int:
        with client.start_session() as s:
            with s.start_transaction():
                people = db.persons.find(ACTIVE, {f: 1 for f in rollup.FIELDS}, session=s,
                                         batch_size=5000)
                deltas = rollup.batch_delta(people)
                db[COLLECTION].delete_many({}, session=s)
                db[PENDING].delete_many({}, session=s)
                docs = _with_pending([], deltas, {})
                if docs:
                    db[COLLECTION].insert_many(docs, session=s)
                return sum(cells["total"][0] for cells in deltas.values())
    return run_with_retry(once)


def ensure_rollups(client, db: Database) -> int | None:
    """Builds the rollups of a register that has records but none (returns how many persons
    were counted); None when there was nothing to do."""
    if db[COLLECTION].find_one({}, {"_id": 1}) is None and db.persons.find_one(ACTIVE, {"_id": 1}):
        return rebuild(client, db)
    fold(client, db)   # what a stopped import left pending
    return None
