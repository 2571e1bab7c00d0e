"""Registration throughput, in one run and with the same N and client concurrency:

  a) POST /api/registry/persons through the gateway (gateway -> registry -> Mongo transaction)
  b) the same request straight to the registry service (same bearer token)
  c) the same durable write without HTTP, by the registry's own unit of work and repositories:
     one transaction of the likely-duplicate read, the person, its change-log entry, its
     statistics increments and the outbox record (with its per-key seq read), into lex_bench
     (the registry's indexes) on the same MongoDB server
  s) sustained: as a), with the relay and the consumers running, timed until the evaluation
     indicator has counted every event (`--sustained N`, 0 to skip)

Prints a/b (target >= 0.9) and s/c (target >= 0.7).

    .venv/bin/python bench/bench_register.py [-n 500] [-c 4]
    .venv/bin/python bench/bench_register.py --gateway URL --registry URL --mongo URL
"""
import argparse
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (REGISTER_PATH, IdNumbers, add_stack_arguments, indicator_count,  # noqa: E402
                     load_note, login, percentile, person_body, stack_target, townships)
from idle_cpu import _ticks  # noqa: E402

SCRATCH_DB = "lex_bench"


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


class Measured:
    def __init__(self, name: str):
        self.name = name
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.wall = 0.0
        self.client_cpu = 0.0
        self.machine_busy = 0.0
        self.n = 0

    @property
    def rate(self) -> float:
        return self.n / self.wall if self.wall else 0.0

    def row(self) -> str:
        ms = [x * 1000 for x in self.latencies]
        return (f"{self.name:<28} {self.n:>6} {self.rate:>9.1f} {percentile(ms, 50):>8.1f} "
                f"{percentile(ms, 99):>8.1f} {len(self.errors):>6} "
                f"{100 * self.client_cpu / self.wall if self.wall else 0:>8.0f}% "
                f"{100 * self.machine_busy:>8.0f}%")


def run_threads(name: str, items: list, concurrency: int, make_worker) -> Measured:
    """Run `items` through `concurrency` threads; make_worker() -> (callable(item) -> error|None,
    close) is called once per thread, before the clock starts."""
    m = Measured(name)
    m.n = len(items)
    nxt = iter(range(len(items)))
    lock = threading.Lock()
    ready = threading.Barrier(concurrency + 1)
    done_at: list[float] = []

    def thread():
        do, close = make_worker()
        lats, errs = [], []
        try:
            ready.wait()
            while True:
                with lock:
                    i = next(nxt, None)
                if i is None:
                    break
                t0 = time.perf_counter()
                err = do(items[i])
                lats.append(time.perf_counter() - t0)
                if err:
                    errs.append(err)
        finally:
            end = time.perf_counter()
            close()
            with lock:
                m.latencies.extend(lats)
                m.errors.extend(errs)
                done_at.append(end)

    threads = [threading.Thread(target=thread, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    ready.wait()
    busy0, total0 = cpu_times()
    cpu0 = time.process_time()
    start = time.perf_counter()
    for t in threads:
        t.join()
    m.wall = max(done_at) - start
    m.client_cpu = time.process_time() - cpu0
    busy1, total1 = cpu_times()
    m.machine_busy = (busy1 - busy0) / max(1, total1 - total0)
    return m


def http_worker(url: str, token: str, concurrency: int):
    def make():
        s = requests.Session()
        s.headers["Authorization"] = f"Bearer {token}"

        def do(body):
            try:
                r = s.post(url, json=body, timeout=30)
            except requests.RequestException as e:
                return f"{type(e).__name__}: {e}"
            return None if r.status_code == 201 else f"{r.status_code} {r.text[:200]}"
        return do, s.close
    return make


def transaction_worker(client, db):
    """What the registry's registration writes, in one transaction, by the registry's own code
    (its unit of work and repositories: the likely-duplicate read, the person, its change-log
    entry, its statistics increments and the outbox record), so the baseline stays the same
    durable write when the registry's storage changes. No HTTP, no validation (done before the
    clock starts, in person_document)."""
    from services.common.uow import retried
    from services.registry.service_layer.persons import flag_likely_duplicates
    from services.registry.service_layer.unit_of_work import RegistryUnitOfWork

    @retried   # as register_person: a transient write conflict runs it again
    def write(person, event):
        uow = RegistryUnitOfWork(client, db)
        with uow:
            flag_likely_duplicates(uow, person)
            uow.persons.add(person)
            uow.publish(event, new_subject=True)   # as register_person: the person is new
            uow.commit()

    def make():
        def do(doc):
            try:
                write(*doc)
            except Exception as e:  # noqa: BLE001 - counted and shown, not fatal
                return f"{type(e).__name__}: {e}"
            return None
        return do, lambda: None
    return make


def person_document(body: dict, regions) -> tuple[dict, dict]:
    """The person and event a registration of `body` by county_admin stores (the registry's
    domain code, services/registry/domain/person.py and event_data.py)."""
    from services.common.domain.actor import Actor
    from services.common.events.envelope import new_event
    from services.registry.domain import event_data
    from services.registry.domain.person import new_person
    actor = Actor(id="bench", username="county_admin", role="county_admin")
    person = new_person(body, actor, regions, datetime.now(timezone.utc))
    event = new_event("person.registered", source="registry", subject=person["_id"],
                      data=event_data.registered(person), actor=actor.audit(), correlation_id=None)
    return person, event


def wait_drained(gateway: str, token: str, year: int, township: str, expected: int,
                 timeout: float) -> float | None:
    """Seconds until the indicator of `township` reaches `expected` (events all consumed), or None."""
    http = requests.Session()
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if indicator_count(http, gateway, token, year, township) >= expected:
            return time.monotonic() - t0
        time.sleep(0.05)
    return None


def merge(parts: list[Measured]) -> Measured:
    m = Measured(parts[0].name)
    for part in parts:
        m.n += part.n
        m.wall += part.wall
        m.client_cpu += part.client_cpu
        m.machine_busy += part.machine_busy * part.wall
        m.latencies += part.latencies
        m.errors += part.errors
    m.machine_busy /= m.wall or 1
    return m


def run(target, args) -> dict:
    if not target.registry or not target.mongo:
        raise SystemExit("with --gateway, also give --registry and --mongo")
    if sorted(args.order) != ["a", "b", "c"]:
        raise SystemExit("--order must be a permutation of abc")
    from pymongo import MongoClient

    token = login(target.gateway)
    towns = townships(target.gateway)
    if len(towns) < 3:
        raise SystemExit("need at least 3 townships")
    n, c, w, rounds = args.n, args.concurrency, args.warmup, max(1, args.rounds)
    year = datetime.now(timezone.utc).year
    ids = IdNumbers()
    client = MongoClient(target.mongo, maxPoolSize=c + 2, tz_aware=True)
    db = client[SCRATCH_DB]
    from services.registry.storage.regions import RegionCache
    regions = RegionCache(client["lex_registry"]).get()   # the registry's own region table
    # distinct townships per mode, from the end of the list (the demo township is the first)
    modes = {
        "a": ("a) gateway -> registry", towns[-1], http_worker(target.gateway + REGISTER_PATH, token, c)),
        "b": ("b) registry direct", towns[-2], http_worker(target.registry + REGISTER_PATH, token, c)),
        "c": ("c) registry write, no HTTP", towns[-3], transaction_worker(client, db)),
    }
    print(f"N={n} per mode, concurrency={c}, warm-up={w} per mode, order {args.order} x {rounds} "
          f"round(s); {load_note()}", flush=True)

    def items(key: str, count: int) -> list:
        _, (town, village), _ = modes[key]
        bodies = [person_body(ids, town, village, i) for i in range(count)]
        return [person_document(b, regions) for b in bodies] if key == "c" else bodies

    parts: dict[str, list[Measured]] = {k: [] for k in "abc"}
    drains: dict[str, list[float | None]] = {"a": [], "b": []}
    expected = {}
    try:
        client.drop_database(SCRATCH_DB)
        from services.common.events.outbox import ensure_outbox_indexes
        from services.registry.storage.persons import ensure_indexes
        ensure_indexes(db)          # the registry's own indexes, so c writes as it does
        ensure_outbox_indexes(db)
        for key in "ab":
            expected[key] = indicator_count(requests.Session(), target.gateway, token, year,
                                            modes[key][1][0])
        for key in args.order:  # warm-up, unmeasured
            name, (town, _), make = modes[key]
            warm = run_threads(name, items(key, w), c, make)
            if warm.errors:
                raise SystemExit(f"{name}: warm-up failed: {warm.errors[0]}")
            if key in expected:
                expected[key] += w
                wait_drained(target.gateway, token, year, town, expected[key], args.drain_timeout)
        sizes = [n // rounds + (1 if r < n % rounds else 0) for r in range(rounds)]
        for r, size in enumerate(sizes):
            for key in args.order:
                name, (town, _), make = modes[key]
                part = run_threads(name, items(key, size), c, make)
                parts[key].append(part)
                note = ""
                if key in expected:
                    # let the outbox relay and the evaluation worker catch up, so the next mode
                    # runs on a machine without this one's background work; the time is shown
                    expected[key] += size - len(part.errors)
                    d = wait_drained(target.gateway, token, year, town, expected[key], args.drain_timeout)
                    drains[key].append(d)
                    note = f"; events drained {'%.1fs' % d if d is not None else 'NOT within timeout'}"
                print(f"  round {r + 1} {name}: {size} in {part.wall:.2f}s = {part.rate:.1f} req/s"
                      f"{note}; {load_note()}", flush=True)
        sustained = None
        if args.sustained:
            sustained = run_sustained(target, token, towns[-5], year, args.sustained, c,
                                      args.drain_timeout)
        if not args.keep_scratch:
            client.drop_database(SCRATCH_DB)
    finally:
        client.close()

    results = {k: merge(v) for k, v in parts.items()}
    print()
    print(f"{'mode':<28} {'N':>6} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
          f"{'clientCPU':>9} {'machineCPU':>9}")
    for key in ("a", "b", "c"):
        print(results[key].row())
    a, b, cc = results["a"].rate, results["b"].rate, results["c"].rate
    print(f"a/c = {a / cc:.3f}   (gateway / raw transaction, registrations only)")
    print(f"a/b = {a / b:.3f}   (gateway / registry direct; target >= 0.9)")
    ratios = {"a/c": a / cc, "a/b": a / b}
    if sustained:
        ratios["s/c"] = sustained["rate"] / cc
        print(f"s/c = {ratios['s/c']:.3f}   (sustained gateway with every event counted / raw "
              f"transaction; target >= 0.7)")
    print("(req/s = N / summed wall time of that mode's rounds; clientCPU = this process's CPU "
          "time / wall time; machineCPU = whole machine busy share, 100% = all CPUs)")
    for key, m in results.items():
        if m.errors:
            print(f"{key}: {len(m.errors)} errors, first: {m.errors[0]}", file=sys.stderr)
    return {"results": results, "drains": drains, "ratios": ratios, "sustained": sustained,
            "errors": sum(len(m.errors) for m in results.values())
            + (sustained["errors"] if sustained else 0)}


def run_sustained(target, token: str, town: tuple[str, str], year: int, n: int, c: int,
                  drain_timeout: float) -> dict:
    """N registrations through the gateway while the relay and consumers work; the clock
    stops when the indicator has counted every one of them (events included, in one run)."""
    ids = IdNumbers()
    code, village = town
    before = indicator_count(requests.Session(), target.gateway, token, year, code)
    bodies = [person_body(ids, code, village, i) for i in range(n)]
    pids = target.stack.status() if target.stack is not None else None
    ticks0 = _ticks(pids) if pids else None
    t0 = time.perf_counter()
    m = run_threads("s) sustained, events counted", bodies, c,
                    http_worker(target.gateway + REGISTER_PATH, token, c))
    posted = time.perf_counter() - t0
    drained = wait_drained(target.gateway, token, year, code, before + n - len(m.errors),
                           drain_timeout)
    total = time.perf_counter() - t0
    if ticks0 is not None:
        print_cpu_per_registration(ticks0, _ticks(pids), n - len(m.errors), total)
    counted = indicator_count(requests.Session(), target.gateway, token, year, code) - before
    rate = (n - len(m.errors)) / total
    print(f"  s) sustained: {n} registrations posted in {posted:.2f}s ({n / posted:.1f}/s), "
          f"all {counted} events counted after {total:.2f}s -> {rate:.1f} registrations/s "
          f"{'' if drained is not None else '(NOT all counted in time)'}; {load_note()}", flush=True)
    return {"rate": rate if drained is not None else 0.0, "posted_rate": n / posted,
            "counted": counted, "errors": len(m.errors) + (0 if counted == n - len(m.errors) else 1)}


def print_cpu_per_registration(before: dict, after: dict, n: int, wall: float) -> None:
    """What bounds the sustained rate: CPU time of each process of the stack (with its
    children) per registration, and its share of one core, over the sustained run."""
    import os
    tick = os.sysconf("SC_CLK_TCK")
    rows = []
    for name, procs in after.items():
        used = sum(t - before.get(name, {}).get(pid, 0) for pid, t in procs.items()) / tick
        rows.append((used, name))
    total = sum(u for u, _ in rows)
    print(f"  CPU per registration during s (ms; % of one core), {n} registrations in {wall:.1f}s:")
    for used, name in sorted(rows, reverse=True):
        if used:
            print(f"    {name:<20} {1000 * used / max(n, 1):7.2f} ms  {100 * used / wall:6.1f}%")
    print(f"    {'all processes':<20} {1000 * total / max(n, 1):7.2f} ms  {100 * total / wall:6.1f}%"
          f"  (2 cores: at most {2 * max(n, 1) / total if total else float('nan'):.1f}/s at this cost)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", type=int, default=500, help="requests per mode (default 500)")
    p.add_argument("-c", "--concurrency", type=int, default=4, help="client threads (default 4)")
    p.add_argument("--warmup", type=int, default=50, help="unmeasured requests per mode first (default 50)")
    p.add_argument("--order", default="abc", help="order of the modes in a round (default abc)")
    p.add_argument("--rounds", type=int, default=1,
                   help="split N into this many rounds, modes interleaved per round, so that "
                        "load changing over time hits all modes alike (default 1)")
    p.add_argument("--drain-timeout", type=float, default=120.0,
                   help="max seconds to wait for events to be counted between modes")
    p.add_argument("--keep-scratch", action="store_true", help="keep the lex_bench database")
    p.add_argument("--sustained", type=int, default=500,
                   help="registrations of the sustained mode s (default 500; 0 skips it)")
    add_stack_arguments(p)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    with stack_target(args) as target:
        out = run(target, args)
    return 1 if out["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
