"""What the database does for each registration: N registrations through the gateway (4
client threads) with MongoDB's profiler on in every service database, until evaluation has
counted them all; then the operations per registration by service, operation and collection,
with the server's total milliseconds for each (wall time, which includes waiting).

    .venv/bin/python bench/op_mix.py [-n 300]                                  # own stack
    .venv/bin/python bench/op_mix.py --gateway URL --mongo URL                 # a running one

This is the profile behind the s/c figure of bench_register.py: mode c is the registration's
own transaction (about 5 operations); what the relay and the consumers add shows here. The
profiler slows the server, so the rates of this run mean nothing; the counts do."""
import argparse
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import requests
from pymongo import MongoClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (REGISTER_PATH, IdNumbers, add_stack_arguments, indicator_count,  # noqa: E402
                     login, person_body, stack_target, townships)
from bench_register import http_worker, run_threads, wait_drained  # noqa: E402


def profiled(mongo: MongoClient, dbs: list[str]) -> tuple[Counter, Counter]:
    counts, millis = Counter(), Counter()
    for name in dbs:
        for p in mongo[name].system.profile.find():
            cmd = p.get("command") or {}
            verb = next(iter(cmd), p.get("op"))
            coll = cmd.get(verb) if isinstance(cmd.get(verb), str) else ""
            key = (name.removeprefix("lex_"), verb, coll)
            counts[key] += 1
            millis[key] += p.get("millis", 0)
    return counts, millis


def run(target, n: int) -> dict:
    if not target.mongo:
        raise SystemExit("--mongo URL is needed with --gateway")
    mongo = MongoClient(target.mongo)
    dbs = [d for d in mongo.list_database_names() if d.startswith("lex_")]
    token = login(target.gateway)
    town, village = townships(target.gateway)[-3]
    ids = IdNumbers()
    bodies = [person_body(ids, town, village, i) for i in range(n)]
    year = date.today().year
    before = indicator_count(requests.Session(), target.gateway, token, year, town)
    for name in dbs:
        mongo[name].command("profile", 0)
        mongo[name].system.profile.drop()
        mongo[name].command("profile", 2)
    try:
        posted = run_threads("op mix", bodies, 4, http_worker(target.gateway + REGISTER_PATH, token, 4))
        if posted.errors:
            raise SystemExit(f"{len(posted.errors)} registrations failed: {posted.errors[0]}")
        if wait_drained(target.gateway, token, year, town, before + n, 300) is None:
            raise SystemExit("evaluation did not count every registration within 300 s")
        time.sleep(1.0)   # the relays' last marks
    finally:
        for name in dbs:
            mongo[name].command("profile", 0)
    counts, millis = profiled(mongo, dbs)
    total = sum(counts.values())
    print(f"{n} registrations: {total / n:.2f} server operations per registration")
    print(f"{'per reg':>8} {'ms total':>9}  service / operation / collection")
    for key, c in counts.most_common():
        if c / n >= 0.01:
            print(f"{c / n:8.2f} {millis[key]:9.0f}  {' / '.join(key)}")
    return {"per_registration": total / n, "counts": counts}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("-n", type=int, default=300, help="registrations (default 300)")
    add_stack_arguments(p)
    args = p.parse_args()
    with stack_target(args) as target:
        run(target, args.n)


if __name__ == "__main__":
    main()
