"""Licensing benchmark: the public agency check (`GET /api/licensing/verify?q=`, no login)
through the gateway, by licence number and by part of a name, with K licensed agencies on
file; and the time a licence decision (review + approve, one transaction each with its
outbox record) takes.

    .venv/bin/python bench/bench_licensing_verify.py [-k 100] [-n 300] [-c 4]
    .venv/bin/python bench/bench_licensing_verify.py --gateway http://127.0.0.1:8000
"""
import argparse
import random
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import add_stack_arguments, load_note, login, percentile, stack_target  # noqa: E402

from tests.support.licensing_fakes import application_body  # noqa: E402


def seed(gateway: str, token: str, k: int) -> tuple[list[dict], list[float]]:
    http, auth = requests.Session(), {"Authorization": f"Bearer {token}"}
    base, agencies, decide_ms = f"{gateway}/api/licensing/agencies", [], []
    start = random.randrange(10**6, 9 * 10**6)
    for i in range(k):
        body = application_body(start + i, name=f"基准测试第{start + i}职业介绍所")
        a = http.post(base, json=body, headers=auth, timeout=30).json()
        t0 = time.perf_counter()
        http.post(f"{base}/{a['id']}/review", json={}, headers=auth, timeout=30).raise_for_status()
        r = http.post(f"{base}/{a['id']}/approve", json={}, headers=auth, timeout=30)
        r.raise_for_status()
        decide_ms.append((time.perf_counter() - t0) * 1000 / 2)
        agencies.append(r.json())
    return agencies, decide_ms


def hammer(gateway: str, queries: list[str], n: int, c: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()
    per = n // c

    def run(offset: int):
        http, mine = requests.Session(), []
        for i in range(per):
            q = queries[(offset + i) % len(queries)]
            t0 = time.perf_counter()
            r = http.get(f"{gateway}/api/licensing/verify", params={"q": q}, timeout=30)
            mine.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200 and r.json()["status"] == "licensed", r.text
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(t * 7,)) for t in range(c)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return per * c / (time.perf_counter() - t0), latencies


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-k", type=int, default=100, help="licensed agencies to create (default 100)")
    p.add_argument("-n", type=int, default=300, help="verify requests per kind (default 300)")
    p.add_argument("-c", "--concurrency", type=int, default=4, help="client threads (default 4)")
    add_stack_arguments(p)
    args = p.parse_args(argv)
    with stack_target(args) as target:
        agencies, decide_ms = seed(target.gateway, login(target.gateway), args.k)
        print(f"licence decision (review or approve) over {len(decide_ms)} agencies: "
              f"p50 {percentile(decide_ms, 50):.1f} ms, p99 {percentile(decide_ms, 99):.1f} ms")
        for kind, queries in (("licence number", [a["license_number"] for a in agencies]),
                              ("name part", [a["name"][5:13] for a in agencies])):
            rate, lat = hammer(target.gateway, queries, args.n, args.concurrency)
            print(f"verify by {kind}: {rate:.0f} req/s, p50 {percentile(lat, 50):.1f} ms, "
                  f"p99 {percentile(lat, 99):.1f} ms (c={args.concurrency}, {len(agencies)} agencies)")
        print(load_note())
    return 0


if __name__ == "__main__":
    sys.exit(main())
