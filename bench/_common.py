"""Shared pieces of the benchmarks: the stack (our own, or one given by URL), login, regions,
fresh 身份证号, percentiles and a note on machine load."""
import argparse
import contextlib
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from services.registry.domain.id_number import check_char  # noqa: E402

from gateway.demo_users import DEMO_PASSWORD  # noqa: E402  (one home for it)
REGISTER_PATH = "/api/registry/persons"


@dataclass
class Target:
    gateway: str
    registry: str | None
    evaluation: str | None
    mongo: str | None
    started: bool  # True when this process started the stack (and must stop it)
    stack: object = None  # the Stack, when we started it (its PIDs, for idle_cpu)


def add_stack_arguments(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("stack (default: start an embedded stack on free ports)")
    g.add_argument("--gateway", help="use a running stack: gateway URL")
    g.add_argument("--registry", help="registry service URL of that stack")
    g.add_argument("--evaluation", help="evaluation service URL of that stack (optional)")
    g.add_argument("--mongo", help="MongoDB URL of that stack")
    g.add_argument("--sync-on-commit", action="store_true",
                   help="own stack only: start MongoDB with --sync-on-commit (as `make up` does)")
    g.add_argument("--workers", type=int, default=2, help="own stack only: gunicorn workers per service")
    g.add_argument("--keep-root", action="store_true", help="own stack only: keep its temp folder")


class _Terminated(Exception):
    pass


def _raise_terminated(signum, frame):
    raise _Terminated(f"signal {signum}")


@contextlib.contextmanager
def stack_target(args):
    """Yield a Target; if we start the stack, stop it (by its recorded PIDs) whatever happens."""
    if args.gateway:
        yield Target(args.gateway.rstrip("/"), (args.registry or "").rstrip("/") or None,
                     (args.evaluation or "").rstrip("/") or None, args.mongo, started=False)
        return
    from deploy.embedded.stack import Stack
    root = Path(tempfile.mkdtemp(prefix="lex-bench-"))
    stack = Stack.with_free_ports(root, demo=True, sync_on_commit=args.sync_on_commit,
                                  gunicorn_workers=args.workers)
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    ok = False
    try:
        t0 = time.monotonic()
        print(f"starting embedded stack in {root} ...", flush=True)
        try:
            stack.up()
        except Exception:
            for log in sorted((root / "logs").glob("*.log")):
                print(f"==> {log.name}\n" + log.read_text(errors="replace")[-2000:], file=sys.stderr)
            raise
        print(f"stack up in {time.monotonic() - t0:.1f}s (gunicorn workers per service: "
              f"{args.workers}, mongo sync-on-commit: {args.sync_on_commit})", flush=True)
        stack.started_at = time.monotonic()
        yield Target(stack.url("gateway"), stack.url("registry"), stack.url("evaluation"),
                     stack.mongo_url, started=True, stack=stack)
        ok = True
    finally:
        stack.stop()
        left = {k: v for k, v in stack.status().items() if v}
        print(f"stack stopped{'; STILL RUNNING: ' + str(left) if left else ''}", flush=True)
        signal.signal(signal.SIGTERM, previous)
        if ok and not args.keep_root:
            shutil.rmtree(root, ignore_errors=True)
        elif not ok:
            print(f"(stack folder kept for its logs: {root})", file=sys.stderr)


def login(gateway: str, username: str = "county_admin") -> str:
    r = requests.post(f"{gateway}/api/auth/login",
                      json={"username": username, "password": DEMO_PASSWORD}, timeout=10)
    r.raise_for_status()
    return r.json()["access_token"]


def townships(gateway: str) -> list[tuple[str, str]]:
    """(township code, its first village code) for every township, in seed order."""
    r = requests.get(f"{gateway}/api/registry/regions", timeout=10)
    r.raise_for_status()
    return [(t["code"], t["villages"][0]["code"]) for t in r.json()["townships"] if t["villages"]]


class IdNumbers:
    """Valid, distinct 身份证号: a random 41xxxx area code per run times a counter over
    (birth date, sequence), so runs against a reused stack do not collide either."""
    def __init__(self):
        rnd = random.SystemRandom()
        self.area = f"41{rnd.randrange(0, 10000):04d}"
        self.n = rnd.randrange(0, 1_000_000)

    def next(self) -> str:
        n, self.n = self.n, self.n + 1
        born = date(1960, 1, 1) + timedelta(days=n // 1000 % 15000)
        first17 = f"{self.area}{born:%Y%m%d}{n % 1000:03d}"
        return first17 + check_char(first17)


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国华明军平志伟红芳秀英丽敏静强磊洋勇艳杰娟涛超霞刚玲桂兰"


def person_name(n: int) -> str:
    """Distinct names for distinct n (up to ~16,000), so that a run does not turn into a test
    of the likely-duplicate rule (same name and birth date), which real data rarely meets."""
    s, g = len(SURNAMES), len(GIVEN)
    return SURNAMES[n % s] + GIVEN[n // s % g] + GIVEN[n // (s * g) % g]


def person_body(ids: IdNumbers, township: str, village: str, i: int) -> dict:
    return {"name": person_name(ids.n), "id_number": ids.next(),
            "phone": f"139{i % 100_000_000:08d}", "township_code": township, "village_code": village}


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


def load_note() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load avg {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def speed_note() -> str:
    """This machine's speed now: the same Python loop (1,000,000 additions), timed. On this
    shared 2-core VM it took 60-180 ms within minutes with nothing else running, so a figure
    is comparable only with one taken at a similar speed."""
    t0 = time.perf_counter()
    total = 0
    for i in range(1_000_000):
        total += i
    return f"fixed loop {(time.perf_counter() - t0) * 1000:.0f} ms"


def indicator_count(http: requests.Session, base: str, token: str, year: int, township: str) -> int:
    r = http.get(f"{base}/api/evaluation/indicators?year={year}",
                 headers={"Authorization": f"Bearer {token}"}, timeout=10)
    r.raise_for_status()
    rows = [t for t in r.json()["townships"] if t["township_code"] == township]
    return rows[0]["registered"] if rows else 0
