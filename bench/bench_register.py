"""Registration throughput, three ways, in one run and with the same N and client concurrency:

  a) POST /api/registry/persons through the gateway (gateway -> registry -> Mongo transaction)
  b) the same request straight to the registry service (same bearer token)
  c) raw pymongo insert_one of an equivalent person document into lex_bench.persons
     on the same MongoDB server (the floor: one plain write, no HTTP, no transaction)

    .venv/bin/python bench/bench_register.py [-n 500] [-c 4]
    .venv/bin/python bench/bench_register.py --gateway URL --registry URL --mongo URL
"""
import argparse
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (REGISTER_PATH, IdNumbers, add_stack_arguments, indicator_count,  # noqa: E402
                     load_note, login, percentile, person_body, stack_target, townships)

SCRATCH_DB, SCRATCH_COLLECTION = "lex_bench", "persons"


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


def mongo_worker(collection):
    def make():
        def do(doc):
            try:
                collection.insert_one(doc)
            except Exception as e:  # noqa: BLE001 - counted and shown, not fatal
                return f"{type(e).__name__}: {e}"
            return None
        return do, lambda: None
    return make


def person_document(body: dict) -> dict:
    """What the registry stores for a registration (see services/registry/domain/person.py)."""
    now = datetime.now(timezone.utc)
    idn = body["id_number"]
    who = {"user_id": "bench", "username": "county_admin", "role": "county_admin"}
    doc = {k: v for k, v in body.items()}
    doc.update({"_id": uuid.uuid4().hex, "sex": "male" if int(idn[16]) % 2 else "female",
                "birth_date": f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}", "status": "surplus",
                "created_at": now, "created_by": who, "updated_at": now, "updated_by": who,
                "version": 1})
    return doc


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
    coll = client[SCRATCH_DB][SCRATCH_COLLECTION]
    # distinct townships per mode, from the end of the list (the demo township is the first)
    modes = {
        "a": ("a) gateway -> registry", towns[-1], http_worker(target.gateway + REGISTER_PATH, token, c)),
        "b": ("b) registry direct", towns[-2], http_worker(target.registry + REGISTER_PATH, token, c)),
        "c": ("c) raw pymongo insert_one", towns[-3], mongo_worker(coll)),
    }
    print(f"N={n} per mode, concurrency={c}, warm-up={w} per mode, order {args.order} x {rounds} "
          f"round(s); {load_note()}", flush=True)

    def items(key: str, count: int) -> list:
        _, (town, village), _ = modes[key]
        bodies = [person_body(ids, town, village, i) for i in range(count)]
        return [person_document(b) for b in bodies] if key == "c" else bodies

    parts: dict[str, list[Measured]] = {k: [] for k in "abc"}
    drains: dict[str, list[float | None]] = {"a": [], "b": []}
    expected = {}
    try:
        coll.drop()
        coll.create_index("id_number", unique=True)  # as registry's persons has
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
    print(f"a/c = {a / cc:.3f}")
    print(f"a/b = {a / b:.3f}")
    print("(req/s = N / summed wall time of that mode's rounds; clientCPU = this process's CPU "
          "time / wall time; machineCPU = whole machine busy share, 100% = all CPUs)")
    for key, m in results.items():
        if m.errors:
            print(f"{key}: {len(m.errors)} errors, first: {m.errors[0]}", file=sys.stderr)
    return {"results": results, "drains": drains, "ratios": {"a/c": a / cc, "a/b": a / b},
            "errors": sum(len(m.errors) for m in results.values())}


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
    add_stack_arguments(p)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    with stack_target(args) as target:
        out = run(target, args)
    return 1 if out["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
