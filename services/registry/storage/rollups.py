"""The village rollups of the statistics (domain/rollup.py) in MongoDB: one small document
per village, read instead of aggregating 100,000 records per request. Every write of a person
inserts its increments in its own transaction (PENDING); the worker folds them into the
village documents every few seconds, and reads add those not folded yet, so counts are
exact at every moment and concurrent writers never touch the same document."""
from collections import defaultdict
from datetime import date, datetime, timezone

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
# Persons per birth date, per village (the rollup's "birth" dimension), kept apart from the
# village document: it is most of its size (one cell per birth date, ~340 per village at
# 100,000 persons) and the embedded MongoDB decodes (and deep-copies into a projection)
# whatever it reads. The village document carries instead its persons per age band as of the
# day it was written (`bands`, `bands_on`), which is what the age-band statistics read; a
# village whose bands are of an earlier day is banded again from here (and rewritten by the
# worker's first fold of the day, refresh_bands).
BIRTHS = "person_rollup_births"
LAYOUT = 2   # village documents without d.birth, with bands (older registers: rebuilt)


def _today() -> date:
    return datetime.now(timezone.utc).date()


def _split(doc: dict, today: date) -> tuple[dict, dict]:
    """A whole village rollup (with d.birth) as its village document and its births document."""
    d = dict(doc.get("d") or {})
    birth = d.pop("birth", None) or {}
    main = {k: v for k, v in doc.items() if k not in ("d", "bands", "bands_on", "layout")}
    main.update(d=d, layout=LAYOUT, bands_on=today.isoformat(), bands=rollup.bands(birth, today))
    return main, {"_id": doc["_id"], "township_code": doc["township_code"], "birth": birth}


def _whole(mains: list[dict], births: list[dict]) -> list[dict]:
    """The village documents with their births put back (the form fold computes on)."""
    by_id = {b["_id"]: b.get("birth") or {} for b in births}
    out = []
    for doc in mains:
        doc = {k: v for k, v in doc.items() if k not in ("bands", "bands_on", "layout")}
        doc["d"] = dict(doc.get("d") or {}, birth=by_id.get(doc["_id"], {}))
        out.append(doc)
    return out


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
                    docs = _whole(list(db[COLLECTION].find({"_id": {"$in": villages}}, session=s)),
                                  list(db[BIRTHS].find({"_id": {"$in": villages}}, session=s)))
                    _replace(db, s, villages, _with_pending(docs, deltas, {}), _today())
                    db[PENDING].delete_many({"_id": {"$in": ids}}, session=s)
                return len(ids)
    folded = run_with_retry(once)
    _refresh_bands_daily(client, db)
    return folded


_bands_checked: dict[str, date] = {}   # database name -> the day fold last checked its bands


def _refresh_bands_daily(client, db: Database) -> None:
    today = _today()
    if _bands_checked.get(db.name) != today:
        refresh_bands(client, db, today)
        _bands_checked[db.name] = today


def refresh_bands(client, db: Database, today: date) -> int:
    """Rewrites the age bands of the villages whose bands are of an earlier day than `today`
    (fold does it once a day); returns how many."""
    from services.common.uow import run_with_retry

    def once() -> int:
        with client.start_session() as s:
            with s.start_transaction():
                stale = [d["_id"] for d in db[COLLECTION].find(
                    {"bands_on": {"$ne": today.isoformat()}}, {"_id": 1}, session=s)]
                for b in (db[BIRTHS].find({"_id": {"$in": stale}}, session=s) if stale else []):
                    db[COLLECTION].update_one(
                        {"_id": b["_id"]}, {"$set": {"bands_on": today.isoformat(),
                                                     "bands": rollup.bands(b.get("birth") or {}, today)}},
                        session=s)
                return len(stale)
    return run_with_retry(once)


def _replace(db: Database, session, villages: list[str], docs: list[dict], today: date) -> None:
    db[COLLECTION].delete_many({"_id": {"$in": villages}}, session=session)
    db[BIRTHS].delete_many({"_id": {"$in": villages}}, session=session)
    if docs:
        split = [_split(d, today) for d in docs]
        db[COLLECTION].insert_many([m for m, _ in split], session=session)
        db[BIRTHS].insert_many([b for _, b in split], session=session)


def read(db: Database, session, scope: dict, group_by: str, today) -> list[tuple]:
    """scope: {} (county), {'township_code': t} or {'village_code': v} (and both)."""
    query = {}
    if "township_code" in scope:
        query["township_code"] = scope["township_code"]
    if "village_code" in scope:
        query["_id"] = scope["village_code"]
    if group_by == "age_band":
        return _read_bands(db, session, query, scope, today)
    dim = rollup.SERVED[group_by]
    projection = {"township_code": 1, "n": 1, "m": 1} | ({f"d.{dim}": 1} if dim else {})
    docs = list(db[COLLECTION].find(query, projection, session=session))
    _, pending = _pending_deltas(db[PENDING].find({}, session=session))
    if pending:
        docs = _with_pending(docs, pending, scope)
    return rollup.read(docs, group_by, today)


def _read_bands(db: Database, session, query: dict, scope: dict, today: date) -> list[tuple]:
    """Persons per age band: the villages' bands when they are of `today`, otherwise banded
    from their births; plus the pending increments' birth dates, banded."""
    iso = today.isoformat()
    docs = list(db[COLLECTION].find(query, {"bands_on": 1, "bands": 1}, session=session))
    stale = [d["_id"] for d in docs if d.get("bands_on") != iso]
    recounted = {b["_id"]: rollup.bands(b.get("birth") or {}, today)
                 for b in db[BIRTHS].find({"_id": {"$in": stale}}, session=session)} if stale else {}
    sums: dict = defaultdict(lambda: [0, 0])
    for doc in docs:
        cells = recounted.get(doc["_id"], {}) if doc.get("bands_on") != iso else doc.get("bands") or {}
        for band, cell in cells.items():
            sums[band][0] += cell.get("n", 0)
            sums[band][1] += cell.get("m", 0)
    _, pending = _pending_deltas(db[PENDING].find({}, session=session))
    for (town, village), cells in pending.items():
        if scope.get("township_code", town) != town or scope.get("village_code", village) != village:
            continue
        for key, (n, m) in cells.items():
            if key.startswith("birth."):
                band = rollup.band_of(today, key[len("birth."):])
                sums[band][0] += n
                sums[band][1] += m
    return [(k, n, m, n - m) for k, (n, m) in sums.items() if n]


def township_codes(db: Database, session) -> list[str]:
    """The townships that have (or had) persons, in code order: those of the village rollups
    and of the increments not folded yet (a village's first persons)."""
    towns = {d["township_code"] for d in db[COLLECTION].find({}, {"township_code": 1}, session=session)}
    _, pending = _pending_deltas(db[PENDING].find({}, session=session))
    return sorted(towns | {town for town, _ in pending})


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
                db[BIRTHS].delete_many({}, session=s)
                db[PENDING].delete_many({}, session=s)
                docs = [_split(d, _today()) for d in _with_pending([], deltas, {})]
                if docs:
                    db[COLLECTION].insert_many([m for m, _ in docs], session=s)
                    db[BIRTHS].insert_many([b for _, b in docs], session=s)
                return sum(cells["total"][0] for cells in deltas.values())
    return run_with_retry(once)


def ensure_rollups(client, db: Database) -> int | None:
    """Builds the rollups of a register that has records but none, or rollups of an older
    layout (returns how many persons were counted); None when there was nothing to do."""
    if db[COLLECTION].find_one({}, {"_id": 1}) is None and db.persons.find_one(ACTIVE, {"_id": 1}):
        return rebuild(client, db)
    if db[COLLECTION].find_one({"layout": {"$ne": LAYOUT}}, {"_id": 1}):
        return rebuild(client, db)   # kept before births were split off (LAYOUT)
    fold(client, db)   # what a stopped import left pending
    return None
