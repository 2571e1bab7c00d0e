"""Rights benchmark, through the gateway: complaint intake (`POST /api/rights/complaints`,
one transaction of the case with its timeline and the case.opened outbox record) with N
complaints from C client threads; then, with those cases on file, the scoped case list as
the rights center (everything) and as police (only what was referred to it), a referral
round trip (refer + accept), and the report over every case.

    .venv/bin/python bench/bench_rights_intake.py [-n 300] [-c 4]
    .venv/bin/python bench/bench_rights_intake.py --gateway http://127.0.0.1:8000
"""
import argparse
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import add_stack_arguments, load_note, login, percentile, stack_target  # noqa: E402

from tests.support.rights_fakes import complaint_body  # noqa: E402


def intake(gateway: str, token: str, n: int, c: int) -> tuple[float, list[float], list[str]]:
    latencies, ids, failed, lock = [], [], [], threading.Lock()
    per = n // c

    def run(t: int):
        http, mine, made = requests.Session(), [], []
        auth = {"Authorization": f"Bearer {token}"}
        for i in range(per):
            body = complaint_body(amount_claimed=1000 + t * per + i)
            t0 = time.perf_counter()
            r = http.post(f"{gateway}/api/rights/complaints", json=body, headers=auth, timeout=30)
            mine.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 201:
                failed.append(r.text[:200])
                continue
            made.append(r.json()["id"])
        with lock:
            latencies.extend(mine)
            ids.extend(made)

    threads = [threading.Thread(target=run, args=(t,)) for t in range(c)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    if failed:
        print(f"intake: {len(failed)} of {per * c} refused, first: {failed[0]}")
    return len(ids) / elapsed, latencies, ids


def timed(fn, times: int) -> list[float]:
    out = []
    for _ in range(times):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", type=int, default=300, help="complaints to take (default 300)")
    p.add_argument("-c", "--concurrency", type=int, default=4, help="client threads (default 4)")
    p.add_argument("-r", "--referrals", type=int, default=30, help="refer + accept round trips (default 30)")
    add_stack_arguments(p)
    args = p.parse_args(argv)
    with stack_target(args) as target:
        gw = target.gateway
        staff, police = login(gw, "rights_staff"), login(gw, "police_officer")
        rate, lat, ids = intake(gw, staff, args.n, args.concurrency)
        print(f"intake: {rate:.0f} complaints/s, p50 {percentile(lat, 50):.1f} ms, "
              f"p99 {percentile(lat, 99):.1f} ms (n={len(ids)}, c={args.concurrency})")
        http = requests.Session()
        as_staff = {"Authorization": f"Bearer {staff}"}
        as_police = {"Authorization": f"Bearer {police}"}
        due = (date.today() + timedelta(days=10)).isoformat()
        round_trip = []
        for case_id in ids[:args.referrals]:
            t0 = time.perf_counter()
            r = http.post(f"{gw}/api/rights/cases/{case_id}/referrals", headers=as_staff, timeout=30,
                          json={"to_department": "police", "reason": "基准测试", "requested_action": "核实",
                                "due_date": due, "override_reason": "基准测试"})
            assert r.status_code == 201, r.text
            a = http.post(f"{gw}/api/rights/referrals/{r.json()['referral']['id']}/accept",
                          headers=as_police, json={}, timeout=30)
            assert a.status_code == 200, a.text
            round_trip.append((time.perf_counter() - t0) * 1000)
        print(f"refer + accept: p50 {percentile(round_trip, 50):.1f} ms, "
              f"p99 {percentile(round_trip, 99):.1f} ms (n={len(round_trip)})")
        for who, auth in (("rights_staff", as_staff), ("police_officer", as_police)):
            ms = timed(lambda: http.get(f"{gw}/api/rights/cases?page_size=20", headers=auth,
                                        timeout=30).raise_for_status(), 50)
            print(f"case list as {who}: p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms")
        ms = timed(lambda: http.get(f"{gw}/api/rights/reports", headers=as_staff,
                                    timeout=60).raise_for_status(), 10)
        total = http.get(f"{gw}/api/rights/reports", headers=as_staff, timeout=60).json()["total"]
        print(f"report over {total} cases: p50 {percentile(ms, 50):.1f} ms, max {max(ms):.1f} ms")
        print(load_note())
    return 0


if __name__ == "__main__":
    sys.exit(main())
