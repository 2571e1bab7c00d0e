"""Demo cases for `make up`: a couple of complaints taken through the gateway like any
clerk's, so the inbox, the case pages and the reports have something to show. Runs once:
skipped when the rights center already has cases."""
import json
import urllib.error
import urllib.request
from datetime import date, timedelta

from gateway.demo_users import DEMO_PASSWORD


def _call(gateway: str, method: str, path: str, body=None, token: str | None = None):
    req = urllib.request.Request(gateway + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def _login(gateway: str, username: str) -> str:
    status, body = _call(gateway, "POST", "/api/auth/login",
                         {"username": username, "password": DEMO_PASSWORD})
    if status != 200:
        raise RuntimeError(f"demo login failed: {body}")
    return body["access_token"]


CASES = [
    {"channel": "hotline", "category": "wage_arrears", "amount_claimed": 18600,
     "complainant": {"name": "王秀兰", "phone": "13937712345", "consent_to_share": True},
     "respondent": {"type": "employer", "name": "苏州某电子有限公司"},
     "place": "江苏省苏州市工业园区", "township_code": "411325100",
     "description": "在该厂流水线务工六个月,最后三个月工资一直未发,厂方推说资金紧张。",
     "attachments": [{"name": "工资条"}, {"name": "考勤记录"}]},
    {"channel": "walk_in", "category": "fraud", "amount_claimed": 1500,
     "complainant": {"name": "张建国", "phone": "13837700001"},
     "respondent": {"type": "unlicensed_agency", "name": "火车站附近无名职介"},
     "place": "郑州市二七区", "township_code": "411325101",
     "description": "交了 1500 元介绍费后被带到外地,所说的工作根本不存在。"},
]


def seed_demo_cases(gateway: str, only_if_empty: bool = True) -> int:
    token = _login(gateway, "rights_staff")
    status, listing = _call(gateway, "GET", "/api/rights/cases?page_size=1", token=token)
    if status != 200:
        raise RuntimeError(f"rights not ready: {listing}")
    if only_if_empty and listing["total"] > 0:
        return 0
    due = (date.today() + timedelta(days=10)).isoformat()
    created = []
    for body in CASES:
        status, case = _call(gateway, "POST", "/api/rights/complaints", body, token)
        if status == 201:
            created.append(case)
    if len(created) == 2:
        wages, fraud = created
        _call(gateway, "POST", f"/api/rights/cases/{wages['id']}/accept", {}, token)
        _call(gateway, "POST", f"/api/rights/cases/{wages['id']}/legal-aid",
              {"reason": "用工单位拒不支付,需代理劳动仲裁"}, token)
        _call(gateway, "POST", f"/api/rights/cases/{fraud['id']}/accept", {}, token)
        _call(gateway, "POST", f"/api/rights/cases/{fraud['id']}/referrals",
              {"to_department": "police", "reason": "涉嫌以介绍工作为名诈骗",
               "requested_action": "立案侦查,追回介绍费", "due_date": due,
               "override_reason": "涉嫌犯罪,需公安直接联系投诉人核实"}, token)
    return len(created)
