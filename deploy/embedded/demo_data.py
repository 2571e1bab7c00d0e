"""Demo people for `make up`: a few per township, registered through the gateway like any
user's, so that their events flow and the indicator pages have something to show.
Runs once: skipped when the register already has people."""
import json
import random
import urllib.request
from datetime import date, timedelta

from gateway.demo_users import DEMO_PASSWORD
from services.registry.domain.id_number import check_char

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["秀英", "桂兰", "建国", "志强", "海燕", "红梅", "国庆", "小龙", "春花", "明亮", "晓东", "丽娟"]
SKILLS = [["电焊"], ["瓦工", "钢筋工"], ["缝纫"], ["厨师"], ["驾驶"], [], ["电工"], ["家政"]]
EDUCATION = ["primary", "junior_high", "junior_high", "senior_high", "vocational"]
INDUSTRIES = [["construction"], ["manufacturing", "electronics"], ["catering"], ["domestic"], []]
JOBS = [("富士康科技集团", "郑州", "in_province"), ("某建筑劳务公司", "苏州", "yangtze_delta"),
        ("东莞某电子厂", "东莞", "pearl_delta")]


def _post(url: str, body: dict, token: str | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def _get(url: str, token: str) -> dict:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=15) as r:
        return json.load(r)


def seed_demo_persons(gateway: str, per_township: int = 3, seed: int = 2006,
                      only_if_empty: bool = True) -> int:
    status, login = _post(f"{gateway}/api/auth/login",
                          {"username": "county_admin", "password": DEMO_PASSWORD})
    if status != 200:
        raise RuntimeError(f"demo login failed: {login}")
    token = login["access_token"]
    from services.licensing.demo import seed_demo_licensing  # a few licensed agencies, once
    seed_demo_licensing(gateway, token, DEMO_PASSWORD)
    from services.jobs.demo import seed_demo_jobs  # employers, bases and published postings, once
    seed_demo_jobs(gateway, token)
    from services.rights.demo import seed_demo_cases  # a couple of rights cases, once
    seed_demo_cases(gateway)
    if only_if_empty and _get(f"{gateway}/api/registry/persons?page_size=1", token)["total"] > 0:
        return 0
    rng = random.Random(seed)
    regions = _get(f"{gateway}/api/registry/regions", token)
    created = 0
    for town in regions["townships"]:
        for i in range(per_township):
            village = rng.choice(town["villages"])
            born = date(1966, 1, 1) + timedelta(days=rng.randrange(0, 365 * 38))
            first17 = f"411325{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
            body = {"name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "id_number": first17 + check_char(first17),
                    "phone": f"13{rng.randrange(0, 10**9):09d}",
                    "township_code": town["code"], "village_code": village["code"],
                    "skills": rng.choice(SKILLS), "education": rng.choice(EDUCATION),
                    "intended_industries": rng.choice(INDUSTRIES),
                    "organized_willing": rng.random() < 0.6}
            status, person = _post(f"{gateway}/api/registry/persons", body, token)
            created += status == 201
            if status == 201 and i == 0:  # one migrant worker per township, with a training
                employer, city, dest = rng.choice(JOBS)
                base = f"{gateway}/api/registry/persons/{person['id']}"
                _post(base + "/trainings", {"course": "电工上岗培训", "hours": 40,
                                            "started_on": "2026-02-01", "ended_on": "2026-02-10",
                                            "paid_by": "government"}, token)
                _post(base + "/migrations", {"employer": employer, "city": city, "destination": dest,
                                             "start_date": "2026-03-01", "monthly_income": 4500,
                                             "organization": "organized"}, token)
    return created
