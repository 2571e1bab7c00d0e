"""Demo data for `make up`: a liaison station, brand employers in the Yangtze and Pearl River
deltas, output bases, an order and published postings, entered through the gateway's API like
any user's (so their events flow and the search has something to find). Runs once: skipped
when employers exist."""
import json
import urllib.error
import urllib.request
from datetime import date, timedelta

from services.common.domain.credit_code import check_character

EMPLOYERS = [
    ("苏州精密电子有限公司", "江苏省苏州市", "苏州", "electronics", "320500"),
    ("东莞华达电子厂", "广东省东莞市", "东莞", "electronics", "441900"),
    ("杭州织美服饰有限公司", "浙江省杭州市", "杭州", "garment", "330100"),
    ("河南建工集团有限公司", "河南省郑州市", "郑州", "construction", "410100"),
]
POSTINGS = [  # employer index, title, industry, region, city, wage, board, description, skills
    (0, "电子厂普工", "electronics", "yangtze_delta", "苏州", (4500, 6000), "both",
     "手机配件流水线组装,两班倒,包吃住,缴纳社保", []),
    (1, "电子厂操作工", "electronics", "pearl_delta", "东莞", (5000, 7000), "lodging",
     "贴片机操作,长白班,提供宿舍", []),
    (2, "服装厂缝纫工", "garment", "yangtze_delta", "杭州", (4000, 8000), "both",
     "计件工资,多劳多得,熟练工优先", ["缝纫"]),
    (3, "钢筋工", "construction", "in_province", "郑州", (7000, 9000), "none",
     "钢筋绑扎、下料,持证优先,工资月结", ["钢筋工"]),
]


def _call(method: str, url: str, token: str, body: dict | None = None) -> dict:
    req = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{method} {url}: {e.code} {e.read()[:300]!r}") from None


def credit_code(area: str, n: int) -> str:
    first17 = f"91{area}MA{n:07d}"
    return first17 + check_character(first17)


def seed_demo_jobs(gateway: str, token: str) -> int:
    api = f"{gateway}/api/jobs"
    if _call("GET", f"{api}/employers?page_size=1", token)["total"] > 0:
        return 0
    today = date.today()
    station = _call("POST", f"{api}/stations", token, {"name": "内乡县驻苏州劳务联络站", "city": "苏州",
                                                      "staff": [{"name": "刘站长", "phone": "13900001111"}]})
    employers = []
    for i, (name, region, city, industry, area) in enumerate(EMPLOYERS, start=1):
        e = _call("POST", f"{api}/employers", token, {
            "name": name, "credit_code": credit_code(area, 2006000 + i), "region": region, "city": city,
            "industry": industry, "size": "large", "brand": True,
            "contacts": [{"name": "人事部", "phone": f"139{i:08d}"}]})
        employers.append(e)
    _call("POST", f"{api}/employers/{employers[0]['id']}/visits", token, {
        "station_id": station["id"], "visited_on": today.isoformat(), "result": "sound",
        "findings": "厂区、宿舍、食堂实地查看属实,工资按月发放"})
    for e, town in ((employers[0], "411325100"), (employers[1], None)):
        body = {"employer_id": e["id"], "name": f"{e['city']}劳务输出基地", "quota": 200,
                "agreement_from": today.isoformat(), "agreement_until": (today + timedelta(days=3 * 365)).isoformat(),
                "station_id": station["id"]}
        if town:
            body["township_code"] = town
        _call("POST", f"{api}/bases", token, body)
    _call("POST", f"{api}/orders", token, {
        "employer_id": employers[0]["id"], "positions": [{"title": "普工", "headcount": 30}],
        "required_training": "岗前安全与技能培训 3 天", "departure_date": (today + timedelta(days=30)).isoformat()})
    published = 0
    for idx, title, industry, region, city, (lo, hi), board, description, skills in POSTINGS:
        p = _call("POST", f"{api}/postings", token, {
            "title": title, "employer_id": employers[idx]["id"], "industry": industry, "work_region": region,
            "work_city": city, "headcount": 20, "salary_min": lo, "salary_max": hi, "board": board,
            "hours": "每天 8-10 小时", "description": description,
            "requirements": {"age_min": 18, "age_max": 50, "education": "junior_high", "skills": skills},
            "training_offered": "岗前培训", "valid_from": today.isoformat(),
            "valid_until": (today + timedelta(days=90)).isoformat()})
        _call("POST", f"{api}/postings/{p['id']}/submit", token)
        _call("POST", f"{api}/postings/{p['id']}/review", token, {"decision": "approve", "reason": "演示数据"})
        published += 1
    return published
