"""What the evaluation benchmarks share: MongoDB and Kafka (given by URL, or embedded servers
started on free ports in a temporary folder and stopped by PID at the end), a synthetic,
valid stream of the events evaluation consumes, and an in-memory unit of work for building
a large stream's indicator cells without a database."""
import argparse
import contextlib
import random
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from services.evaluation.domain.units import TOWNSHIPS  # noqa: E402

TOWNS = list(TOWNSHIPS)
TOPIC_OF = {"person.registered": "registry.person", "person.status_changed": "registry.person",
            "training.recorded": "registry.person", "income.reported": "registry.person",
            "placement.made": "jobs.placement", "case.closed": "rights.case"}


def add_server_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("servers (default: embedded MongoDB and Kafka on free ports)")
    g.add_argument("--mongo", help="MongoDB URL (a replica set: transactions)")
    g.add_argument("--kafka", help="Kafka bootstrap servers")


@contextlib.contextmanager
def servers(args):
    """Yield (mongo_url, kafka_bootstrap)."""
    if args.mongo and (args.kafka or not getattr(args, "needs_kafka", True)):
        yield args.mongo, args.kafka
        return
    from deploy.embedded.stack import Stack
    root = Path(tempfile.mkdtemp(prefix="lex-bench-eval-"))
    stack = Stack.with_free_ports(root, demo=False)
    try:
        t0 = time.monotonic()
        stack.start_servers()
        print(f"embedded MongoDB and Kafka up in {time.monotonic() - t0:.1f}s ({root})", flush=True)
        yield stack.mongo_url, stack.kafka_bootstrap
    finally:
        stack.stop()
        shutil.rmtree(root, ignore_errors=True)


def _iso(rng: random.Random, year: int) -> str:
    return (f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00.000Z")


_run = uuid.uuid4().hex[:8]
_seq = [0]


def _envelope(type_: str, source: str, subject: str, data: dict) -> dict:
    _seq[0] += 1  # distinct ids without the cost of uuid4 per event (a million of them)
    return {"id": f"{_run}-{_seq[0]}", "type": type_, "version": 1, "source": source,
            "subject": subject, "occurred_at": "2026-01-01T00:00:00.000Z", "actor": None,
            "correlation_id": None, "data": data}


def synthetic_events(n: int, year: int = 2026, seed: int = 1):
    """n valid events, the mix a county year gives: registrations, status changes (exported,
    returned), trainings, placements, income reports and closed cases, spread over the 16
    townships and the 12 months, in no particular order (as late arrivals come)."""
    rng = random.Random(seed)
    people = max(1, n // 4)
    stamps = [_iso(rng, year) for _ in range(4096)]  # a pool: random dates are the slow part

    def _iso_pick(rng_, year_):
        return stamps[rng_.getrandbits(12)]
    kinds = (["person.registered"] * 30 + ["person.status_changed"] * 30 + ["training.recorded"] * 10
             + ["placement.made"] * 10 + ["income.reported"] * 15 + ["case.closed"] * 5)
    for i in range(n):
        kind = rng.choice(kinds)
        p = rng.randrange(people)
        pid, town = f"p{p}", TOWNS[p % len(TOWNS)]
        if kind == "person.registered":
            data = {"person_id": pid, "township_code": town, "village_code": town + "201",
                    "sex": "male", "birth_date": f"{rng.randint(1960, 2008)}-05-04",
                    "status": "surplus", "education": None, "skills": [], "job_intention": None,
                    "registered_at": _iso_pick(rng, year)}
            yield _envelope(kind, "registry", pid, data)
        elif kind == "person.status_changed":
            frm, to = rng.choice([("surplus", "migrant"), ("migrant", "returned"),
                                  ("returned", "migrant"), ("returned", "entrepreneur")])
            yield _envelope(kind, "registry", pid, {
                "person_id": pid, "township_code": town, "village_code": town + "201",
                "from_status": frm, "to_status": to, "organized": rng.random() < 0.6,
                "changed_at": _iso_pick(rng, year)})
        elif kind == "training.recorded":
            yield _envelope(kind, "registry", pid, {
                "person_id": pid, "township_code": town, "training_id": f"t{i}", "course": "电焊",
                "hours": 40, "certified": rng.random() < 0.7,
                "ended_on": _iso_pick(rng, year)[:10], "recorded_at": _iso_pick(rng, year)})
        elif kind == "placement.made":
            yield _envelope(kind, "jobs", f"pl{i}", {
                "placement_id": f"pl{i}", "person_id": pid, "township_code": town,
                "employer_id": "e1", "employer_name": "某厂", "city": "苏州", "posting_id": None,
                "order_id": None, "start_date": _iso_pick(rng, year)[:10], "monthly_wage": 3500,
                "organized": True, "placed_at": _iso_pick(rng, year)})
        elif kind == "income.reported":
            yield _envelope(kind, "registry", pid, {
                "person_id": pid, "township_code": town, "year": year,
                "amount": float(rng.randint(5000, 40000)), "reported_at": _iso_pick(rng, year)})
        else:
            yield _envelope(kind, "rights", f"c{i}", {
                "case_id": f"c{i}", "category": "wage_arrears", "township_code": town,
                "respondent_type": "employer", "respondent_id": None, "substantiated": True,
                "outcome": "wages_recovered", "wages_recovered": float(rng.randint(0, 20000)),
                "compensation": 0, "closed_at": _iso_pick(rng, year)})


class MemoryUnitOfWork:
    """Cells, timelines, keyed facts and people in dicts: the use cases' repositories for a
    stream too large to be worth a database round trip per event (building the fixture)."""
    def __init__(self):
        self.cells: dict = {}
        outer = self

        class Indicators:
            def add(self, indicator, unit, month, amount):
                key = (indicator, unit, month)
                outer.cells[key] = outer.cells.get(key, 0) + amount

            def flush(self):
                pass

        class Timelines:
            rows: dict = {}

            def entries(self, key):
                return self.rows.get(key, [])

            def put(self, key, entries):
                self.rows[key] = entries

        class Facts:
            rows: dict = {}

            def get(self, key):
                return self.rows.get(key)

            def put(self, key, at, cells):
                self.rows[key] = {"at": at, "cells": cells}

        class People:
            rows: dict = {}

            def remember(self, pid, town, status, at):
                row = self.rows.get(pid)
                if row is None or (row[1], row[2]) < (at, status):
                    self.rows[pid] = (town, at, status)

        self.indicators, self.timelines, self.facts, self.people = Indicators(), Timelines(), Facts(), People()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def commit(self):
        pass
