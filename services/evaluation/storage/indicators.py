"""Indicator cells (indicator × unit × month), the gauges' per-entity timelines and the keyed
facts, in the evaluation database. Scope is a named query (visible_to)."""
from datetime import datetime, timezone

from pymongo import ASCENDING
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.scope import NOTHING, and_
from services.common.domain.roles import COUNTY_WIDE

from ..domain.indicators import GAUGES

CELLS, TIMELINES, FACTS = "indicator_cells", "indicator_timelines", "indicator_facts"


def ensure_indexes(db: Database) -> None:
    db[CELLS].create_index([("month", ASCENDING), ("township_code", ASCENDING)])
    db[CELLS].create_index([("indicator", ASCENDING), ("month", ASCENDING)])


def cell_id(indicator: str, unit: str, month: str) -> str:
    return f"{indicator}|{unit}|{month}"


class IndicatorRepository:
    def __init__(self, db: Database, session):
        self.col = db[CELLS]
        self.session = session

    def add(self, indicator: str, unit: str, month: str, amount) -> None:
        self.col.update_one(
            {"_id": cell_id(indicator, unit, month)},
            {"$inc": {"value": amount},
             "$set": {"updated_at": datetime.now(timezone.utc)},
             "$setOnInsert": {"indicator": indicator, "township_code": unit, "month": month,
                              "year": int(month[:4])}},
            upsert=True, session=self.session)

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
        query = and_({"$or": [{"month": {"$gte": first, "$lte": last}},
                              {"indicator": {"$in": sorted(GAUGES)}, "month": {"$lte": last}}]},
                     scope or {})
        return list(self.col.find(query, {"_id": 0, "indicator": 1, "township_code": 1,
                                          "month": 1, "value": 1}, session=self.session))

    def visible_cells(self, actor: Actor, first: str, last: str) -> list[dict]:
        return self.cells_until(first, last, self.visible_to(actor))

    def all_cells(self) -> list[dict]:
        return list(self.col.find({}, {"_id": 1, "value": 1}, session=self.session))


class TimelineRepository:
    """One document per (gauge, entity): its states sorted by event time."""
    def __init__(self, db: Database, session):
        self.col = db[TIMELINES]
        self.session = session

    def entries(self, key: str) -> list:
        doc = self.col.find_one({"_id": key}, session=self.session)
        return doc["entries"] if doc else []

    def put(self, key: str, entries: list) -> None:
        self.col.replace_one({"_id": key}, {"_id": key, "entries": entries}, upsert=True,
                             session=self.session)


class KeyedFactRepository:
    def __init__(self, db: Database, session):
        self.col = db[FACTS]
        self.session = session

    def get(self, key: str) -> dict | None:
        return self.col.find_one({"_id": key}, session=self.session)

    def put(self, key: str, at: str, cells: list) -> None:
        self.col.replace_one({"_id": key}, {"_id": key, "at": at, "cells": cells}, upsert=True,
                             session=self.session)
