"""Evaluation's fakes: in-memory cells, timelines and keyed facts answering the same named
queries as the Mongo repositories, and event builders for the types evaluation consumes."""
import uuid

from services.common.domain.roles import COUNTY_WIDE
from services.evaluation.domain.indicators import GAUGES
from services.common.domain.errors import Duplicate
from tests.support.fakes import FakeRepository, FakeUnitOfWork


class FakeIndicatorRepository(FakeRepository):
    """Like the Mongo one, collects what a use case adds until flush(); fixtures that add
    cells outside a unit of work's block are written at once."""
    def __init__(self):
        super().__init__()
        self.in_block = False
        self.pending: list = []

    def add(self, indicator, unit, month, amount) -> None:
        if self.in_block:
            self.pending.append((indicator, unit, month, amount))
        else:
            self._write(indicator, unit, month, amount)

    def _write(self, indicator, unit, month, amount) -> None:
        key = f"{indicator}|{unit}|{month}"
        row = self.rows.get(key) or {"_id": key, "indicator": indicator, "township_code": unit,
                                     "month": month, "value": 0}
        self.rows[key] = dict(row, value=row["value"] + amount)   # a new row: see fakes.py

    def flush(self):
        for cell in self.pending:
            self._write(*cell)
        self.pending = []

    def cells_until(self, first, last, scope=None):
        town = (scope or {}).get("township_code")
        return self.where(lambda c: (first <= c["month"] <= last
                                     or (c["indicator"] in GAUGES and c["month"] <= last))
                          and (town is None or c["township_code"] == town))

    def visible_cells(self, actor, first, last):
        if actor.role in COUNTY_WIDE:
            return self.cells_until(first, last)
        if actor.region_code:
            return self.cells_until(first, last, {"township_code": actor.region_code[:9]})
        return []

    def values(self) -> dict:
        """Non-zero cells: {id: value} (zeros are what an undone change leaves)."""
        return {k: round(r["value"], 6) for k, r in self.rows.items() if round(r["value"], 6)}


class _WrittenAtOnce:
    """The real repositories read a batch's documents with load() and write them with flush();
    these fakes keep every write at once, so both are no-ops here."""
    def load(self, ids) -> None:
        pass

    def flush(self) -> None:
        pass


class FakeTimelineRepository(_WrittenAtOnce, FakeRepository):
    def entries(self, key):
        row = self.rows.get(key)
        return [list(e) for e in row["entries"]] if row else []

    def put(self, key, entries):
        self.rows[key] = {"_id": key, "entries": [list(e) for e in entries]}


class FakeKeyedFactRepository(_WrittenAtOnce, FakeRepository):
    def put(self, key, at, cells):
        self.rows[key] = {"_id": key, "at": at, "cells": [list(c) for c in cells]}


def event(type_: str, **data) -> dict:
    return {"id": str(uuid.uuid4()), "type": type_, "version": 1, "source": "test",
            "subject": data.get("person_id", "x"), "occurred_at": "2026-01-01T00:00:00.000Z",
            "actor": None, "correlation_id": None, "data": data}


def registered(person_id="p1", town="411325100", at="2026-03-10T02:00:00.000Z", status="surplus",
               birth_date="1990-05-04") -> dict:
    return event("person.registered", person_id=person_id, township_code=town,
                 village_code=town + "201", sex="male", birth_date=birth_date, status=status,
                 education=None, skills=[], job_intention=None, registered_at=at)


def status_changed(person_id="p1", town="411325100", at="2026-04-01T02:00:00.000Z",
                   frm="surplus", to="migrant", organized=True) -> dict:
    return event("person.status_changed", person_id=person_id, township_code=town,
                 village_code=town + "201", from_status=frm, to_status=to, organized=organized,
                 changed_at=at)


# ---- targets, rules, manual scores, rankings ---------------------------------------------
def _in_scope(doc: dict, scope: dict | None) -> bool:
    if not scope:
        return True
    if "_id" in scope:  # NOTHING
        return False
    return all(doc.get(k) == v for k, v in scope.items())


class FakeTargetRepository(FakeRepository):
    def put(self, year, unit, indicator, value, by, at):
        key = f"{year}:{unit}:{indicator}"
        self.rows[key] = {"_id": key, "year": year, "unit_code": unit, "indicator": indicator,
                          "value": value, "updated_by": by, "updated_at": at}

    def for_year(self, year, scope=None):
        return sorted(self.where(lambda d: d["year"] == year and _in_scope(d, scope)),
                      key=lambda d: d["unit_code"])


class FakeRuleRepository(FakeRepository):
    def put(self, year, rule, by, at):
        self.rows[year] = {"_id": year, "rule": rule, "updated_by": by, "updated_at": at}


class FakeManualScoreRepository(FakeRepository):
    def put(self, doc):
        self.rows[doc["_id"]] = dict(doc)

    def for_period(self, year, period, scope=None):
        return self.where(lambda d: d["year"] == year and d["period"] == period
                          and _in_scope(d, scope))


class FakeRankingRepository(FakeRepository):
    def published(self, year):
        return sorted(self.where(lambda d: d["year"] == year), key=lambda d: (d["period"], d["group"]))


class FakeReportRepository(FakeRepository):
    def for_period_visible_to(self, actor, period_type, period):
        return sorted(self.where(lambda r: r["period_type"] == period_type and r["period"] == period
                                 and (actor.role in ("county_admin", "leader")
                                      or r["township_code"] == actor.region_code)),
                      key=lambda r: r["township_code"])

    def of_township(self, township, year):
        return self.where(lambda r: r["township_code"] == township and r["year"] == year)


def _township_visible(actor, row) -> bool:
    return actor.role in ("county_admin", "leader") or row["township_code"] == actor.region_code


class FakePeopleRepository(_WrittenAtOnce, FakeRepository):
    def remember(self, person_id, township, status, at):
        row = self.rows.get(person_id)
        if row is None or (row["at"], row["status"]) < (at, status):
            self.rows[person_id] = {"_id": person_id, "township_code": township, "status": status,
                                    "at": at}

    def entrepreneur(self, person_id):
        row = self.get(person_id)
        return row if row and row["status"] == "entrepreneur" else None

    def entrepreneurs_visible_to(self, actor):
        return self.where(lambda r: r["status"] == "entrepreneur" and _township_visible(actor, r))


class FakeNominationRepository(FakeRepository):
    def add(self, doc):
        if any(r["year"] == doc["year"] and r["person_id"] == doc["person_id"]
               for r in self.rows.values()):
            raise Duplicate("该人员本年度已被推荐", {"person_id": "本年度已推荐"})
        super().add(doc)

    def for_year_visible_to(self, actor, year):
        return self.where(lambda r: r["year"] == year and _township_visible(actor, r))


class FakeModelCaseRepository(FakeRepository):
    def for_year_visible_to(self, actor, year):
        return self.where(lambda r: r["year"] == year and _township_visible(actor, r))


class FakeEvaluationUnitOfWork(FakeUnitOfWork):
    def __init__(self):
        super().__init__()
        self.indicators = FakeIndicatorRepository()
        self.timelines = FakeTimelineRepository()
        self.facts = FakeKeyedFactRepository()
        self.targets = FakeTargetRepository()
        self.rules = FakeRuleRepository()
        self.manual_scores = FakeManualScoreRepository()
        self.rankings = FakeRankingRepository()
        self.reports = FakeReportRepository()
        self.people = FakePeopleRepository()
        self.nominations = FakeNominationRepository()
        self.model_cases = FakeModelCaseRepository()

    def __enter__(self):
        super().__enter__()
        self.indicators.in_block, self.indicators.pending = True, []
        return self

    def __exit__(self, *exc):
        self.indicators.in_block = False
        return super().__exit__(*exc)

    def commit(self):
        # a use case that forgot to flush would lose its cells in Mongo: fail here instead
        assert not self.indicators.pending, "indicator cells added but not flushed before commit"
        super().commit()
