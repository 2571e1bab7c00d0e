"""The register at 100,000 persons: import of a 100,000-row xlsx (target <= 60 s), export of
the surplus ledger of the same (<= 30 s), then the filtered list (p95 <= 150 ms) and the
statistics (p95 <= 200 ms) at that size.

    .venv/bin/python bench/bench_registry_import.py [-n 100000] [-q 200]
    .venv/bin/python bench/bench_registry_import.py --gateway URL --registry URL

The file goes straight to the registry service (same bearer token as through the gateway):
what is measured is the import itself, from upload to the record's `finished`. Rows are a
county-wide file (every village in turn, ages 18 to 57), the worst case for the statistics'
per-village rollups. With our own stack it also prints the CPU seconds of the stack's
processes (MongoDB, the registry's web and worker processes, and the rest: the relay's Kafka
and the consumers) during each phase, since wall time depends on what else runs."""
import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import requests
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import add_stack_arguments, load_note, login, percentile, speed_note, stack_target  # noqa: E402
from idle_cpu import _ticks  # noqa: E402

from services.registry.domain.id_number import check_char  # noqa: E402

HEADER = ["序号", "姓名", "性别", "公民身份号码", "联系电话", "乡镇", "村", "文化程度", "技能特长", "意向行业",
          "愿意有组织输出"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["秀英", "桂兰", "建国", "志强", "海燕", "红梅", "国庆", "小龙", "春花", "明亮"]
EDU = ["小学", "初中", "高中", "中等职业教育", "大学专科"]
SKILLS = ["电焊", "瓦工、钢筋工", "缝纫", "厨师", "驾驶", "", "电工", "家政"]
INDUSTRY = ["建筑业", "制造业", "电子", "餐饮住宿", "家政服务", ""]


class SpreadIds:
    """Distinct valid 身份证号 born 1969-2008 (ages 18-57 today, every age band), a random
    area code per run so runs against a reused stack do not collide."""
    DAYS = 40 * 365

    def __init__(self):
        self.area = f"41{random.SystemRandom().randrange(0, 10000):04d}"
        self.i = 0

    def next(self) -> str:
        i, self.i = self.i, self.i + 1
        born = date(1969, 1, 1) + timedelta(days=i * 7919 % self.DAYS)
        first17 = f"{self.area}{born:%Y%m%d}{i // self.DAYS % 1000:03d}"
        return first17 + check_char(first17)


def make_file(n: int, regions: dict, path: str) -> float:
    t0 = time.monotonic()
    rng = random.Random(2006)
    ids = SpreadIds()
    villages = [(t["name"], v["short_name"]) for t in regions["townships"] for v in t["villages"]]
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = book.add_worksheet()
    ws.write_string(0, 0, "内乡县农村富余劳动力登记表")
    for j, h in enumerate(HEADER):
        ws.write_string(2, j, h)
    for i in range(n):
        town, village = villages[i % len(villages)]
        row = [str(i + 1), rng.choice(SURNAMES) + rng.choice(GIVEN), "", ids.next(),
               f"139{i:08d}", town, village, rng.choice(EDU), rng.choice(SKILLS),
               rng.choice(INDUSTRY), rng.choice(["是", "否"])]
        for j, v in enumerate(row):
            if v:
                ws.write_string(i + 3, j, v)
    book.close()
    return time.monotonic() - t0


def timed_gets(http, url: str, token: str, paths: list[str]) -> list[float]:
    out = []
    for p in paths:
        t0 = time.perf_counter()
        r = http.get(url + p, headers={"Authorization": f"Bearer {token}"}, timeout=60)
        out.append((time.perf_counter() - t0) * 1000)
        r.raise_for_status()
    return out


class CpuMeter:
    """CPU seconds of the stack's process trees (our own stack only) between two marks."""
    GROUPS = {"mongo": ("secantusdb",), "registry": ("registry", "registry-worker")}

    def __init__(self, stack):
        self.pids = {}
        if stack is not None:
            for name in stack.process_names():
                pid = stack.pid(name)
                if pid:
                    self.pids[name] = pid
        self.hz = os.sysconf("SC_CLK_TCK")
        self.mark()

    def _now(self) -> dict[str, int]:
        return {name: sum(t.values()) for name, t in _ticks(self.pids).items()}

    def mark(self) -> None:
        self.start, self.client = self._now(), time.process_time()

    def note(self) -> str:
        if not self.pids:
            return f"client CPU {time.process_time() - self.client:.1f}s"
        used = {k: (v - self.start.get(k, v)) / self.hz for k, v in self._now().items()}
        out = {g: sum(used.get(n, 0) for n in names) for g, names in self.GROUPS.items()}
        out["rest of stack"] = sum(used.values()) - sum(out.values())
        text = ", ".join(f"{k} {v:.1f}" for k, v in out.items())
        grouped = {n for names in self.GROUPS.values() for n in names}
        rest = sorted(((v, k) for k, v in used.items() if k not in grouped and v >= 0.5), reverse=True)
        detail = ", ".join(f"{k} {v:.1f}" for v, k in rest)
        return (f"CPU s: {text}; client {time.process_time() - self.client:.1f}"
                + (f"\n        rest: {detail}" if detail else ""))


class FreshToken:
    """The bearer token, logged in again before it expires (tokens last 5 minutes; the
    import and the drain take longer)."""
    def __init__(self, gateway: str, every: float = 180.0):
        self.gateway, self.every, self.at, self.value = gateway, every, 0.0, ""

    def __str__(self) -> str:
        if time.monotonic() - self.at > self.every:
            self.value, self.at = login(self.gateway), time.monotonic()
        return self.value

    __format__ = lambda self, spec: format(str(self), spec)  # noqa: E731  (f-strings)


def registered(http, gateway: str, token: str) -> int:
    """Persons registered this year as evaluation counts them (all townships)."""
    r = http.get(f"{gateway}/api/evaluation/indicators?year={date.today().year}",
                 headers={"Authorization": f"Bearer {token}"}, timeout=30)
    r.raise_for_status()
    return sum(t.get("registered", 0) for t in r.json()["townships"])


def wait_drained(http, gateway: str, token: str, expected: int, timeout: float) -> float | None:
    """Seconds until evaluation has counted `expected` registrations (None: not in time), so
    the list and statistics are not measured while the consumers still work off the import."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if registered(http, gateway, token) >= expected:
            return time.monotonic() - t0
        time.sleep(2.0)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=100_000, help="rows in the file")
    parser.add_argument("-q", type=int, default=200, help="queries per list/stats measurement")
    parser.add_argument("--no-drain", action="store_true",
                        help="measure export, list and statistics without waiting for the consumers")
    parser.add_argument("--drain-timeout", type=float, default=1200.0)
    add_stack_arguments(parser)
    args = parser.parse_args()
    with stack_target(args) as target:
        base = target.registry or target.gateway
        token = FreshToken(target.gateway)
        http = requests.Session()
        regions = http.get(f"{target.gateway}/api/registry/regions", timeout=10).json()
        path = tempfile.mktemp(suffix=".xlsx")
        made = make_file(args.n, regions, path)
        data = Path(path).read_bytes()
        print(f"file: {args.n} rows, {len(data) / 1e6:.1f} MB, written in {made:.1f}s; {speed_note()}",
              flush=True)

        before = registered(http, target.gateway, token)
        cpu = CpuMeter(getattr(target, "stack", None))
        t0 = time.monotonic()
        r = http.post(f"{base}/api/registry/imports?file_name=bench.xlsx", data=data, timeout=120,
                      headers={"Authorization": f"Bearer {token}",
                               "Content-Type": "application/octet-stream"})
        r.raise_for_status()
        rec_url = f"{base}/api/registry/imports/{r.json()['id']}"
        last = None
        while True:
            rec = http.get(rec_url, headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
            if rec["done"] != last:
                print(f"  {time.monotonic() - t0:6.1f}s  {rec['status']:8s} {rec['done']}/{rec['total']}", flush=True)
                last = rec["done"]
            if rec["status"] in ("finished", "failed"):
                break
            time.sleep(1.0)
        imported = time.monotonic() - t0
        print(f"IMPORT  {args.n} rows: {imported:.1f}s (target <= 60 s) status={rec['status']} "
              f"valid={rec['valid']} invalid={rec['invalid']} existing={rec['existing']}; "
              f"{load_note()}, {speed_note()}", flush=True)
        print(f"        {cpu.note()}", flush=True)
        cpu.mark()
        if not args.no_drain:
            drained = wait_drained(http, target.gateway, token, before + rec["valid"], args.drain_timeout)
            print(f"DRAIN   evaluation counted the {rec['valid']} person.registered "
                  f"{'in %.1fs more' % drained if drained is not None else 'NOT within the timeout'}"
                  f" (the relay, Kafka and the jobs and evaluation consumers); {load_note()}, {speed_note()}", flush=True)
            print(f"        {cpu.note()}", flush=True)
            cpu.mark()

        t0 = time.monotonic()
        e = http.get(f"{base}/api/registry/exports?ledger=surplus", timeout=300,
                     headers={"Authorization": f"Bearer {token}"})
        e.raise_for_status()
        exported = time.monotonic() - t0
        print(f"EXPORT  surplus ledger: {exported:.1f}s, {len(e.content) / 1e6:.1f} MB (target <= 30 s); "
              f"{load_note()}, {speed_note()}", flush=True)
        print(f"        {cpu.note()}", flush=True)
        cpu.mark()

        towns = [t["code"] for t in regions["townships"]]
        rng = random.Random(7)
        lists = [f"/api/registry/persons?township_code={rng.choice(towns)}&education=初中"
                 f"&age_band={rng.choice(['16-25', '26-35', '36-45', '46-60'])}&page={rng.randrange(1, 5)}"
                 for _ in range(args.q)]
        timed_gets(http, base, token, lists[:10])
        lat = timed_gets(http, base, token, lists)
        print(f"LIST    filtered, {args.q} queries: p50 {percentile(lat, 50):.0f} ms, "
              f"p95 {percentile(lat, 95):.0f} ms (target <= 150 ms); {load_note()}, {speed_note()}", flush=True)
        print(f"        {cpu.note()}", flush=True)
        cpu.mark()
        # the default list (ledger order) of the county or a township, no other filter: a page
        # anywhere in it (the pages the rollups place in one or two villages)
        regional = [f"/api/registry/persons?page={rng.randrange(1, 200)}"
                    + (f"&township_code={rng.choice(towns)}" if i % 2 else "") for i in range(args.q)]
        lat = timed_gets(http, base, token, regional)
        print(f"LIST    county or township, default order, {args.q} queries: p50 {percentile(lat, 50):.0f} ms, "
              f"p95 {percentile(lat, 95):.0f} ms (target <= 150 ms)", flush=True)
        print(f"        {cpu.note()}", flush=True)
        cpu.mark()
        groups = ["township", "age_band", "sex", "education", "industry", "organization", "status"]
        stats = [f"/api/registry/stats?group_by={groups[i % len(groups)]}" for i in range(args.q)]
        lat = timed_gets(http, base, token, stats)
        print(f"STATS   county-wide, {args.q} queries: p50 {percentile(lat, 50):.0f} ms, "
              f"p95 {percentile(lat, 95):.0f} ms (target <= 200 ms)", flush=True)
        print(f"        {cpu.note()}", flush=True)
        print(f"{load_note()}, {speed_note()}")
        Path(path).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
