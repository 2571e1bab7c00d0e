"""Indicator cells (indicator × unit × month), the gauges' per-entity timelines and the keyed
facts, in the evaluation database. Scope is a named query (visible_to)."""
from datetime import datetime, timezone

from pymongo import ASCENDING, UpdateOne
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.repository import insert_or_replace
from services.common.scope import NOTHING, and_
from services.common.domain.roles import COUNTY_WIDE

from ..domain.indicators import GAUGES

CELLS, TIMELINES, FACTS = "indicator_years", "indicator_timelines", "indicator_facts"


def ensure_indexes(db: Database) -> None:
    db[CELLS].create_index([("township_code", ASCENDING), ("year", ASCENDING)])
    db[CELLS].create_index([("year", ASCENDING)])


def cell_id(indicator: str, unit: str, month: str) -> str:
    return f"{indicator}|{unit}|{month}"


def _doc_id(unit: str, year: int) -> str:
    return f"{unit}|{year}"


def cells_of(doc: dict) -> list[dict]:
    """The cells one (unit, year) document holds: {indicator, township_code, month, value}."""
    out = []
    for mm, values in (doc.get("m") or {}).items():
        month = f"{doc['year']}-{mm}"
        for indicator, value in values.items():
            out.append({"indicator": indicator, "township_code": doc["township_code"],
                        "month": month, "value": value})
    return out


def cell_values(db: Database) -> dict:
    """{cell id: value} of every cell (the replay's comparison)."""
    return {cell_id(c["indicator"], c["township_code"], c["month"]): c["value"]
            for doc in db[CELLS].find() for c in cells_of(doc)}


def write_cells(db: Database, cells: dict) -> None:
    """Bulk-load {(indicator, unit, month): value} (benchmarks, fixtures)."""
    docs: dict = {}
    for (indicator, unit, month), value in cells.items():
        doc = docs.setdefault(_doc_id(unit, int(month[:4])),
                              {"_id": _doc_id(unit, int(month[:4])), "township_code": unit,
                               "year": int(month[:4]), "m": {}})
        doc["m"].setdefault(month[5:], {})[indicator] = value
    if docs:
        db[CELLS].insert_many(list(docs.values()))


class IndicatorRepository:
    """One document per unit and year, its cells nested by month (m.<MM>.<indicator>): reading
    a year for the whole county is 17 documents, however many events made them."""
    def __init__(self, db: Database, session):
        self.col = db[CELLS]
        self.session = session
        self._pending: dict = {}

    def add(self, indicator: str, unit: str, month: str, amount) -> None:
        """Collected, and written by flush(): one event (or a replayed batch) moves several
        cells of the same unit and year, which become one update of that document."""
        year = int(month[:4])
        doc = self._pending.setdefault(_doc_id(unit, year), {"unit": unit, "year": year, "inc": {}})
        path = f"m.{month[5:]}.{indicator}"
        doc["inc"][path] = doc["inc"].get(path, 0) + amount

    def flush(self) -> None:
        """Write what add() collected, in the unit of work's transaction (before its commit):
        one bulk write for every (unit, year) document a batch of events moved."""
        now = datetime.now(timezone.utc)
        ops = [UpdateOne({"_id": doc_id},
                         {"$inc": doc["inc"], "$set": {"updated_at": now},
                          "$setOnInsert": {"township_code": doc["unit"], "year": doc["year"]}},
                         upsert=True)
               for doc_id, doc in sorted(self._pending.items())]
        if ops:
            self.col.bulk_write(ops, ordered=True, session=self.session)
        self._pending = {}

    @staticmethod
    def visible_to(actor: Actor) -> dict:
        # indicators are kept per township: a village liaison sees its township's
        if actor.role in COUNTY_WIDE:
            return {}
        if actor.role in ("township_staff", "village_liaison") and actor.region_code:
            return {"township_code": actor.region_code[:9]}
        return dict(NOTHING)

    def cells_until(self, first: str, last: str, scope: dict | None = None) -> list[dict]:
        """Flow and ratio cells of [first, last]; gauge cells up to last (levels are sums)."""
        query = and_({"year": {"$lte": int(last[:4])}}, scope or {})
        out = []
        for doc in self.col.find(query, {"updated_at": 0}, session=self.session):
            for c in cells_of(doc):
                if c["month"] <= last and (c["month"] >= first or c["indicator"] in GAUGES):
                    out.append(c)
        return out

    def visible_cells(self, actor: Actor, first: str, last: str) -> list[dict]:
        return self.cells_until(first, last, self.visible_to(actor))


class WriteBehind:
    """Documents by _id, read once per unit of work (load() fetches a batch's with one query)
    and written back by flush() in one bulk write, in the unit of work's transaction. A
    consumer applying a poll of 200 events makes a few round trips instead of 200 each."""
    def __init__(self, col, session):
        self.col = col
        self.session = session
        self._docs: dict = {}
        self._dirty: set = set()
        self._absent: set = set()   # read in this transaction and not there: inserted

    def load(self, ids) -> None:
        missing = [i for i in ids if i not in self._docs]
        if not missing:
            return
        found = {d["_id"]: d for d in self.col.find({"_id": {"$in": missing}}, session=self.session)}
        for i in missing:
            self._docs[i] = found.get(i)
            if i not in found:
                self._absent.add(i)

    def doc(self, doc_id: str) -> dict | None:
        if doc_id not in self._docs:
            self._docs[doc_id] = self.col.find_one({"_id": doc_id}, session=self.session)
            if self._docs[doc_id] is None:
                self._absent.add(doc_id)
        return self._docs[doc_id]

    def set(self, doc: dict) -> None:
        self._docs[doc["_id"]] = doc
        self._dirty.add(doc["_id"])

    def flush(self) -> None:
        """The documents set since the last flush in one bulk write; those read as absent in
        this transaction are inserted (insert_or_replace)."""
        insert_or_replace(self.col, [self._docs[i] for i in sorted(self._dirty)], self._absent,
                          self.session)
        self._absent -= self._dirty
        self._dirty = set()


class TimelineRepository(WriteBehind):
    """One document per (gauge, entity): its states sorted by event time."""
    def __init__(self, db: Database, session):
        super().__init__(db[TIMELINES], session)

    def entries(self, key: str) -> list:
        doc = self.doc(key)
        return doc["entries"] if doc else []

    def put(self, key: str, entries: list) -> None:
        self.set({"_id": key, "entries": entries})


class KeyedFactRepository(WriteBehind):
    def __init__(self, db: Database, session):
        super().__init__(db[FACTS], session)

    def get(self, key: str) -> dict | None:
        return self.doc(key)

    def put(self, key: str, at: str, cells: list) -> None:
        self.set({"_id": key, "at": at, "cells": cells})
