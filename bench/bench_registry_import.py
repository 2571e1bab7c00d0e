"""The register at 100,000 persons: import of a 100,000-row xlsx (target <= 60 s), export of
the surplus ledger of the same (<= 30 s), then the filtered list (p95 <= 150 ms) and the
statistics (p95 <= 200 ms) at that size.

    .venv/bin/python bench/bench_registry_import.py [-n 100000] [-q 200]
    .venv/bin/python bench/bench_registry_import.py --gateway URL --registry URL

The file goes straight to the registry service (same bearer token as through the gateway):
what is measured is the import itself, from upload to the record's `finished`."""
import argparse
import io
import random
import sys
import tempfile
import time
from pathlib import Path

import requests
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import IdNumbers, add_stack_arguments, load_note, login, percentile, stack_target  # noqa: E402

HEADER = ["序号", "姓名", "性别", "公民身份号码", "联系电话", "乡镇", "村", "文化程度", "技能特长", "意向行业",
          "愿意有组织输出"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["秀英", "桂兰", "建国", "志强", "海燕", "红梅", "国庆", "小龙", "春花", "明亮"]
EDU = ["小学", "初中", "高中", "中等职业教育", "大学专科"]
SKILLS = ["电焊", "瓦工、钢筋工", "缝纫", "厨师", "驾驶", "", "电工", "家政"]
INDUSTRY = ["建筑业", "制造业", "电子", "餐饮住宿", "家政服务", ""]


def make_file(n: int, regions: dict, path: str) -> float:
    t0 = time.monotonic()
    rng = random.Random(2006)
    ids = IdNumbers()
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=100_000, help="rows in the file")
    parser.add_argument("-q", type=int, default=200, help="queries per list/stats measurement")
    add_stack_arguments(parser)
    args = parser.parse_args()
    with stack_target(args) as target:
        base = target.registry or target.gateway
        token = login(target.gateway)
        http = requests.Session()
        regions = http.get(f"{target.gateway}/api/registry/regions", timeout=10).json()
        path = tempfile.mktemp(suffix=".xlsx")
        made = make_file(args.n, regions, path)
        data = Path(path).read_bytes()
        print(f"file: {args.n} rows, {len(data) / 1e6:.1f} MB, written in {made:.1f}s", flush=True)

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
              f"valid={rec['valid']} invalid={rec['invalid']} existing={rec['existing']}", flush=True)

        t0 = time.monotonic()
        e = http.get(f"{base}/api/registry/exports?ledger=surplus", timeout=300,
                     headers={"Authorization": f"Bearer {token}"})
        e.raise_for_status()
        exported = time.monotonic() - t0
        print(f"EXPORT  surplus ledger: {exported:.1f}s, {len(e.content) / 1e6:.1f} MB (target <= 30 s)", flush=True)

        towns = [t["code"] for t in regions["townships"]]
        rng = random.Random(7)
        lists = [f"/api/registry/persons?township_code={rng.choice(towns)}&education=初中"
                 f"&age_band={rng.choice(['16-25', '26-35', '36-45', '46-60'])}&page={rng.randrange(1, 5)}"
                 for _ in range(args.q)]
        timed_gets(http, base, token, lists[:10])
        lat = timed_gets(http, base, token, lists)
        print(f"LIST    filtered, {args.q} queries: p50 {percentile(lat, 50):.0f} ms, "
              f"p95 {percentile(lat, 95):.0f} ms (target <= 150 ms)", flush=True)
        groups = ["township", "age_band", "sex", "education", "industry", "organization", "status"]
        stats = [f"/api/registry/stats?group_by={groups[i % len(groups)]}" for i in range(args.q)]
        lat = timed_gets(http, base, token, stats)
        print(f"STATS   county-wide, {args.q} queries: p50 {percentile(lat, 50):.0f} ms, "
              f"p95 {percentile(lat, 95):.0f} ms (target <= 200 ms)", flush=True)
        print(load_note())
        Path(path).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
