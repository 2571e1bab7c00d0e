"""The time to compute a year's assessment and ranking for all townships from 1,000,000
events' worth of indicators (target ≤ 1 s).

1. N events (default 1,000,000; the mix of bench_evaluation_common.synthetic_events) go
   through evaluation's own rules (domain effects + the use cases' apply) into cells, in memory.
2. Those cells, targets for every township and indicator of the rule, and the assessors'
   manual scores are written to MongoDB (database lex_bench_evaluation, dropped first and after).
3. Timed: service_layer.assessment.assessment(...) through the real unit of work — one
   transaction reading the year's cells, targets and manual scores, then scoring and ranking
   all 16 townships — for the annual and the half-year assessment, R times each.

    .venv/bin/python bench/bench_evaluation_assessment.py [-n 1000000] [-r 5] [--mongo URL]
"""
import argparse
import os
import statistics
import sys
import time

from bench_evaluation_common import (MemoryUnitOfWork, add_server_arguments, servers,
                                     synthetic_events)

from services.common.domain.actor import Actor
from services.common.mongo import client_for
from services.evaluation.domain.indicators import effects_of
from services.evaluation.domain.scoring import DEFAULT_RULE, MANUAL
from services.evaluation.domain.units import TOWNSHIPS
from services.evaluation.service_layer import assessment as uc
from services.evaluation.service_layer.indicators import apply_effects
from services.evaluation.service_layer.unit_of_work import EvaluationUnitOfWork
from services.evaluation.storage.assessment import ensure_indexes as assessment_indexes
from services.evaluation.storage.indicators import ensure_indexes, write_cells

DB = "lex_bench_evaluation"
ADMIN = Actor(id="bench", username="county_admin", role="county_admin", department="labor")


def build_cells(n: int, year: int) -> tuple[dict, float]:
    memory = MemoryUnitOfWork()
    t0 = time.perf_counter()
    for i, event in enumerate(synthetic_events(n, year)):
        apply_effects(memory, effects_of(event))
        if (i + 1) % 200_000 == 0:
            print(f"  {i + 1:,} events applied in memory ({time.perf_counter() - t0:.1f}s)", flush=True)
    return memory.cells, time.perf_counter() - t0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("-n", type=int, default=1_000_000, help="events (default 1,000,000)")
    p.add_argument("-r", "--repeat", type=int, default=5, help="timed runs per assessment")
    p.add_argument("--year", type=int, default=2026)
    add_server_arguments(p)
    args = p.parse_args(argv)
    args.needs_kafka = False
    cells, build_s = build_cells(args.n, args.year)
    print(f"{args.n:,} events → {len(cells):,} cells in {build_s:.1f}s "
          f"({args.n / build_s:,.0f} events/s through the rules in memory)", flush=True)
    with servers(args) as (mongo_url, _kafka):
        client = client_for(mongo_url)
        client.drop_database(DB)
        db = client[DB]
        ensure_indexes(db)
        assessment_indexes(db)
        write_cells(db, cells)
        uow = lambda: EvaluationUnitOfWork(client, db)  # noqa: E731
        rows = [{"unit_code": t, "indicator": item["indicator"], "value": 1000}
                for t in TOWNSHIPS for item in DEFAULT_RULE["items"] if item["indicator"] not in MANUAL]
        uc.set_targets(uow(), ADMIN, args.year, rows)
        for period in ("half-year", "annual"):
            for t in TOWNSHIPS:
                for code in MANUAL.codes:
                    uc.score_manual(uow(), ADMIN, args.year, period, t, code, 0.8, "台账齐全,检查合格")
        results = {}
        for period in ("annual", "half-year"):
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                out = uc.assessment(uow(), ADMIN, args.year, period, "township")
                times.append(time.perf_counter() - t0)
            top = out["rows"][0]
            results[period] = times
            print(f"{period:9s} assessment + ranking of {len(out['rows'])} townships: "
                  f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
                  f"over {args.repeat} runs (first: {top['unit_code']} {top['score']})", flush=True)
        client.drop_database(DB)
    one, five, _ = os.getloadavg()
    print(f"machine load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} CPUs")
    worst = max(max(v) for v in results.values())
    print(f"target ≤ 1 s: {'met' if worst <= 1 else 'MISSED'} (worst run {worst * 1000:.0f} ms)")
    return 0 if worst <= 1 else 1


if __name__ == "__main__":
    sys.exit(main())
