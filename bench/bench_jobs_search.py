"""Jobs benchmark: the public search through the jobs service against a raw Elasticsearch
query of the very same body on the same server, in one run, at 2,000 published postings
(p50/p95 of both and the ratio; target ratio <= 1.2); and matching one worker over 2,000 open
postings (GET /api/jobs/matches, p95 target <= 300 ms).

The postings are written straight into the jobs service's MongoDB and index (the same
documents its indexer writes), so seeding takes seconds, not the 8,000 API calls of entering,
submitting and approving each one.

    .venv/bin/python bench/bench_jobs_search.py [-k 2000] [-n 200]
    .venv/bin/python bench/bench_jobs_search.py --gateway URL --jobs URL --mongo URL --elasticsearch URL
"""
import argparse
import random
import sys
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import add_stack_arguments, load_note, login, percentile, stack_target  # noqa: E402

from services.jobs.search.index import ALIAS, PostingIndex, document  # noqa: E402
from services.jobs.search.query import SearchParams, build  # noqa: E402

TITLES = ["电子厂普工", "电子厂操作工", "钢筋工", "建筑普工", "服装厂缝纫工", "小区保安", "餐厅服务员", "物流分拣员",
          "质检员", "叉车司机", "电焊工", "家政服务员", "厨师", "木工", "瓦工", "仓库管理员"]
INDUSTRIES = ["electronics", "electronics", "construction", "construction", "garment", "security", "catering",
              "logistics", "manufacturing", "logistics", "manufacturing", "domestic", "catering",
              "construction", "construction", "logistics"]
CITIES = [("苏州", "yangtze_delta"), ("东莞", "pearl_delta"), ("深圳", "pearl_delta"), ("杭州", "yangtze_delta"),
          ("郑州", "in_province"), ("北京", "bohai"), ("南阳", "in_province"), ("上海", "yangtze_delta")]
WORDS = ["两班倒", "长白班", "包吃住", "缴纳社保", "计件工资", "多劳多得", "有证优先", "月结", "夜班补贴", "提供宿舍"]
QUERIES = [{"q": "普工"}, {"q": "电子厂"}, {"q": "钢筋工"}, {"q": "包吃住"}, {"q": "月薪5000"},
           {"q": "电子厂 包吃住", "sort": "wage"}, {"q": "保安", "region": "bohai"},
           {"industry": "construction", "salary_min": 6000}, {"sort": "date", "posted_within": 7},
           {"q": "电子厂普工", "page": 2}]


def postings(k: int, rng: random.Random) -> list[dict]:
    today = date.today()
    out = []
    for i in range(k):
        t = rng.randrange(len(TITLES))
        city, region = rng.choice(CITIES)
        lo = rng.randrange(30, 80) * 100
        age = rng.randrange(0, 30)
        out.append({
            "_id": f"bench-{uuid.uuid4().hex}", "title": TITLES[t], "employer_id": f"bench-e{i % 200}",
            "employer_name": f"{city}第{i % 200}号{'电子厂' if INDUSTRIES[t] == 'electronics' else '公司'}",
            "industry": INDUSTRIES[t], "work_region": region, "work_city": city, "headcount": rng.randrange(5, 200),
            "salary_min": lo, "salary_max": lo + rng.randrange(5, 30) * 100,
            "board": rng.choice(["both", "both", "food", "lodging", "none"]),
            "description": "、".join(rng.sample(WORDS, 3)), "hours": "8 小时",
            "requirements": {"age_min": 18, "age_max": rng.choice([35, 45, 55]),
                             "education": rng.choice(["none", "primary", "junior_high"]),
                             "skills": rng.choice([[], [], ["电焊"], ["钢筋"], ["缝纫"], ["驾驶"]])},
            "training_offered": rng.choice(["", "岗前培训 3 天"]), "status": "published",
            "filing_number": f"内劳招备〔{today.year}〕B{i:05d}号",
            "published_at": datetime.now(timezone.utc) - timedelta(days=age),
            "valid_from": (today - timedelta(days=age)).isoformat(),
            "valid_until": (today + timedelta(days=60)).isoformat(),
            "updated_at": datetime.now(timezone.utc), "log": [], "version": 3})
    return out


def seed(mongo_url: str, es_url: str, docs: list[dict], person_id: str) -> None:
    from elasticsearch import Elasticsearch, helpers
    from pymongo import MongoClient
    db = MongoClient(mongo_url)["lex_jobs"]
    db.postings.insert_many(docs)
    db.workers.replace_one({"_id": person_id}, {
        "_id": person_id, "township_code": "411325100", "village_code": "411325100201", "sex": "male",
        "birth_date": "1990-05-04", "status": "surplus", "education": "junior_high", "skills": ["电焊"],
        "job_intention": "电子厂普工", "trainings": [{"training_id": "t", "course": "电焊", "certified": True,
                                                 "hours": 40, "ended_on": "2026-01-01"}]}, upsert=True)
    es = Elasticsearch(es_url, request_timeout=60)
    index = PostingIndex(es)
    index.ensure()
    helpers.bulk(es, ({"_index": ALIAS, "_id": d["_id"], "_version": d["version"], "_version_type": "external",
                       "_source": document(d, None)} for d in docs), refresh="wait_for", chunk_size=500)


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def run(target, args) -> dict:
    rng = random.Random(args.seed)
    person_id = f"bench-worker-{uuid.uuid4().hex[:8]}"
    t0 = time.perf_counter()
    seed(target.mongo, args.es_url, postings(args.k, rng), person_id)
    print(f"seeded {args.k} published postings into MongoDB and the index in {time.perf_counter() - t0:.1f}s",
          flush=True)
    service, raw, es = requests.Session(), requests.Session(), args.es_url.rstrip("/")
    params_list = [SearchParams(**{**q, "page": q.get("page", 1)}) for q in QUERIES]

    def via_service(q):
        r = service.get(f"{args.jobs_url}/api/jobs/search", params=q, timeout=30)
        r.raise_for_status()

    def via_raw(p):
        r = raw.post(f"{es}/{ALIAS}/_search", json=build(p), timeout=30)
        r.raise_for_status()

    for i in range(args.warmup):  # both paths warm (connections, caches)
        via_service(QUERIES[i % len(QUERIES)])
        via_raw(params_list[i % len(QUERIES)])
    svc_ms, raw_ms = [], []
    for i in range(args.n):  # interleaved: the same load for both
        j = i % len(QUERIES)
        if i % 2:
            raw_ms.append(timed(lambda: via_raw(params_list[j])))
            svc_ms.append(timed(lambda: via_service(QUERIES[j])))
        else:
            svc_ms.append(timed(lambda: via_service(QUERIES[j])))
            raw_ms.append(timed(lambda: via_raw(params_list[j])))
    s50, s95, r50, r95 = (percentile(svc_ms, 50), percentile(svc_ms, 95), percentile(raw_ms, 50),
                          percentile(raw_ms, 95))
    print(f"search at {args.k} postings, {args.n} queries each ({len(QUERIES)} kinds), {load_note()}")
    print(f"  service  p50 {s50:7.1f} ms  p95 {s95:7.1f} ms")
    print(f"  raw ES   p50 {r50:7.1f} ms  p95 {r95:7.1f} ms")
    print(f"  ratio    p50 {s50 / r50:5.2f}     p95 {s95 / r95:5.2f}   (target <= 1.2)")

    token = login(target.gateway)
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    url = f"{args.jobs_url}/api/jobs/matches"
    first = http.get(url, params={"person_id": person_id}, timeout=30)
    first.raise_for_status()
    match_ms = [timed(lambda: http.get(url, params={"person_id": person_id}, timeout=30).raise_for_status())
                for _ in range(args.m)]
    m50, m95 = percentile(match_ms, 50), percentile(match_ms, 95)
    top = first.json()["items"][0]
    print(f"matching one worker over {args.k} open postings, {args.m} calls: p50 {m50:.1f} ms, "
          f"p95 {m95:.1f} ms (target <= 300); best: {top['title']} score {top['score']}")
    return {"service_p50": s50, "service_p95": s95, "raw_p50": r50, "raw_p95": r95,
            "ratio_p50": s50 / r50, "ratio_p95": s95 / r95, "match_p50": m50, "match_p95": m95}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-k", type=int, default=2000, help="published postings (default 2000)")
    p.add_argument("-n", type=int, default=200, help="searches per path (default 200)")
    p.add_argument("-m", type=int, default=50, help="matching calls (default 50)")
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--seed", type=int, default=2006)
    p.add_argument("--jobs", dest="jobs_url", help="with --gateway: the jobs service URL")
    p.add_argument("--elasticsearch", dest="es_url", help="with --gateway: Elasticsearch URL")
    add_stack_arguments(p)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    with stack_target(args) as target:
        if target.stack is not None:
            args.jobs_url = target.stack.url("jobs")
            args.es_url = target.stack.elasticsearch_url
        if not (args.jobs_url and args.es_url and target.mongo):
            raise SystemExit("a running stack needs --jobs, --elasticsearch and --mongo")
        result = run(target, args)
    ok = result["ratio_p50"] <= 1.2 and result["match_p95"] <= 300
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
