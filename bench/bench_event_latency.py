"""Event latency: from the 201 of a registration (through the gateway) to the evaluation
indicator counting it (GET /api/evaluation/indicators?year=...), one registration at a time.

Path measured: registry transaction (person + outbox) -> outbox relay -> Kafka ->
evaluation worker -> indicator counter -> the read API. The counter is polled every
--poll-ms (default 5 ms) until it shows previous+1; the resolution is therefore about one
poll interval plus one poll round trip (the median poll round trip is printed as well).

    .venv/bin/python bench/bench_event_latency.py [-m 100]
    .venv/bin/python bench/bench_event_latency.py --gateway URL
"""
import argparse
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (REGISTER_PATH, IdNumbers, add_stack_arguments, indicator_count,  # noqa: E402
                     load_note, login, percentile, person_body, stack_target, townships)


def run(target, args) -> dict:
    token = login(target.gateway)
    towns = dict(townships(target.gateway))
    town = args.township or list(towns)[-4]
    if town not in towns:
        raise SystemExit(f"unknown township {town}")
    village = towns[town]
    poll_base = target.gateway
    if args.poll_via == "evaluation":
        if not target.evaluation:
            raise SystemExit("--poll-via evaluation needs --evaluation URL with --gateway")
        poll_base = target.evaluation
    ids = IdNumbers()
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    poller = requests.Session()
    interval = args.poll_ms / 1000
    print(f"M={args.m} registrations in township {town}, one at a time, warm-up {args.warmup}; "
          f"polling {poll_base} every {args.poll_ms:g} ms; {load_note()}", flush=True)

    # the indicator year is that of registered_at (= created_at, UTC)
    year = datetime.now(timezone.utc).year
    count = indicator_count(poller, poll_base, token, year, town)
    latencies, poll_rtts, failures = [], [], 0
    for i in range(args.warmup + args.m):
        r = http.post(target.gateway + REGISTER_PATH, json=person_body(ids, town, village, i), timeout=30)
        t_201 = time.perf_counter()
        if r.status_code != 201:
            raise SystemExit(f"registration failed: {r.status_code} {r.text[:300]}")
        if datetime.fromisoformat(r.json()["created_at"]).year != year:
            raise SystemExit("the year turned during the run; run it again")
        expected = count + 1
        deadline = t_201 + args.timeout
        seen = None
        while True:
            p0 = time.perf_counter()
            value = indicator_count(poller, poll_base, token, year, town)
            p1 = time.perf_counter()
            poll_rtts.append(p1 - p0)
            if value >= expected:
                seen = p1
                break
            if p1 > deadline:
                break
            time.sleep(interval)
        if seen is None:
            failures += 1
            print(f"  #{i}: not counted within {args.timeout:g}s (count {value}, expected {expected})",
                  file=sys.stderr)
        elif i >= args.warmup:
            latencies.append(seen - t_201)
        count = value

    ms = [x * 1000 for x in latencies]
    print()
    print(f"event latency, 201 -> indicator shows it, n={len(ms)} ({failures} not counted in time):")
    print(f"  p50 = {percentile(ms, 50):.1f} ms   p90 = {percentile(ms, 90):.1f} ms   "
          f"p99 = {percentile(ms, 99):.1f} ms   max = {max(ms) if ms else float('nan'):.1f} ms   "
          f"min = {min(ms) if ms else float('nan'):.1f} ms")
    rtt = [x * 1000 for x in poll_rtts]
    print(f"  poll round trip: p50 {percentile(rtt, 50):.1f} ms, p99 {percentile(rtt, 99):.1f} ms "
          f"({len(rtt)} polls); {load_note()}")
    return {"latencies_ms": ms, "failures": failures, "poll_rtt_ms": rtt}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-m", type=int, default=100, help="measured registrations (default 100)")
    p.add_argument("--warmup", type=int, default=5, help="unmeasured registrations first (default 5)")
    p.add_argument("--township", help="township code (default: the 4th from the end of the list)")
    p.add_argument("--poll-ms", type=float, default=5.0, help="poll interval in ms (default 5)")
    p.add_argument("--poll-via", choices=["gateway", "evaluation"], default="gateway",
                   help="read the indicator through the gateway (default) or the service")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one event")
    add_stack_arguments(p)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    with stack_target(args) as target:
        out = run(target, args)
    return 1 if out["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
