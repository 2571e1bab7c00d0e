"""Event latency: from the 201 of a registration (through the gateway) to the evaluation
indicator counting it (GET /api/evaluation/indicators?year=...), one registration at a time.

Path measured: registry transaction (person + outbox) -> outbox relay -> Kafka ->
evaluation worker -> indicator counter -> the read API. The counter is polled every
--poll-ms (default 5 ms) until it shows previous+1; the resolution is therefore about one
poll interval plus one poll round trip (the median poll round trip is printed as well).

    .venv/bin/python bench/bench_event_latency.py [-m 100]
    .venv/bin/python bench/bench_event_latency.py --rate 20 -m 300   # under load

With --rate R the registrations are sent at R per second (open loop, several client threads)
and a poller samples the counter every --poll-ms; the i-th 201 (in time order) counts as
visible when the counter first shows previous + i. Target: p99 <= 250 ms at half the
gateway's maximum rate (run_all.py measures that rate first).
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
    if args.rate:
        return run_paced(target, args)
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


def run_paced(target, args) -> dict:
    import threading
    token = login(target.gateway)
    towns = dict(townships(target.gateway))
    town = args.township or list(towns)[-6]
    village = towns[town]
    year = datetime.now(timezone.utc).year
    ids = IdNumbers()
    # the first seconds at the rate are not measured: the figure is the latency under a
    # steady load. The first event after a quiet spell waits for a cold consumer's probe
    # (up to 1 s, services/common/events/idle.py); --warmup-seconds 0 measures that too
    warm = round(args.rate * args.warmup_seconds)
    bodies = [person_body(ids, town, village, i) for i in range(warm + args.m)]
    poller = requests.Session()
    poll_base = target.gateway
    if args.poll_via == "evaluation" and target.evaluation:
        poll_base = target.evaluation   # the poller's own load stays off the gateway
    before = indicator_count(poller, poll_base, token, year, town)
    samples: list[tuple[float, int]] = []
    done = threading.Event()

    def poll():
        while not done.is_set():
            value = indicator_count(poller, poll_base, token, year, town)
            samples.append((time.perf_counter(), value - before))
            time.sleep(args.poll_ms / 1000)

    acks: list[float] = []
    failures = []
    lock = threading.Lock()
    nxt = iter(range(warm + args.m))
    start = time.perf_counter() + 0.2

    def send():
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {token}"
        while True:
            with lock:
                i = next(nxt, None)
            if i is None:
                return
            delay = start + i / args.rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            r = http.post(target.gateway + REGISTER_PATH, json=bodies[i], timeout=30)
            t = time.perf_counter()
            with lock:
                (acks.append(t) if r.status_code == 201 else failures.append(r.status_code))

    print(f"M={args.m} registrations at {args.rate:.1f}/s (open loop, {args.clients} clients) in "
          f"township {town}, after {warm} unmeasured ({args.warmup_seconds:g} s at that rate); "
          f"counter polled every {args.poll_ms:g} ms via {args.poll_via}; {load_note()}", flush=True)
    pt = threading.Thread(target=poll, daemon=True)
    pt.start()
    senders = [threading.Thread(target=send) for _ in range(args.clients)]
    for t in senders:
        t.start()
    for t in senders:
        t.join()
    sent_for = time.perf_counter() - start
    deadline = time.perf_counter() + args.timeout
    while (not samples or samples[-1][1] < len(acks)) and time.perf_counter() < deadline:
        time.sleep(0.05)
    done.set()
    pt.join(5)
    acks.sort()
    latencies, k = [], 0
    for i, t_ack in enumerate(acks, start=1):
        while k < len(samples) and samples[k][1] < i:
            k += 1
        if k == len(samples):
            break
        seen = samples[k][0]
        latencies.append(max(0.0, seen - t_ack))
    lost = len(acks) - len(latencies)
    ms = [x * 1000 for x in latencies[warm:]]
    cold = [x * 1000 for x in latencies[:warm]]
    print(f"event latency under load, 201 -> indicator, n={len(ms)} "
          f"(achieved {len(acks) / sent_for:.1f}/s, {len(failures)} failed requests, {lost} not counted):")
    if cold:
        print(f"  (the {len(cold)} unmeasured first: p50 {percentile(cold, 50):.1f} ms, "
              f"max {max(cold):.1f} ms)")
    print(f"  p50 = {percentile(ms, 50):.1f} ms   p90 = {percentile(ms, 90):.1f} ms   "
          f"p99 = {percentile(ms, 99):.1f} ms   max = {max(ms) if ms else float('nan'):.1f} ms   "
          f"(target p99 <= 250 ms: {'met' if ms and percentile(ms, 99) <= 250 else 'NOT met'})")
    return {"latencies_ms": ms, "failures": len(failures) + lost, "rate": args.rate}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-m", type=int, default=100, help="measured registrations (default 100)")
    p.add_argument("--warmup", type=int, default=5, help="unmeasured registrations first (default 5)")
    p.add_argument("--warmup-seconds", type=float, default=2.0,
                   help="with --rate: seconds of registrations at the rate before the measured ones")
    p.add_argument("--township", help="township code (default: the 4th from the end of the list)")
    p.add_argument("--poll-ms", type=float, default=5.0, help="poll interval in ms (default 5)")
    p.add_argument("--poll-via", choices=["gateway", "evaluation"], default="gateway",
                   help="read the indicator through the gateway (default) or the service")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one event")
    p.add_argument("--rate", type=float, default=0.0,
                   help="registrations per second, open loop (default 0: one at a time)")
    p.add_argument("--clients", type=int, default=4, help="with --rate: client threads")
    add_stack_arguments(p)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    with stack_target(args) as target:
        out = run(target, args)
    return 1 if out["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
