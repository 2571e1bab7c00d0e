"""Demo data for `make up`: a few licensed agencies (one also registered by commerce and with
a filed radio ad, one with a deduction), entered through the gateway's API like any user's, so
their events reach jobs and rights. Runs once: skipped when agencies exist."""
import json
import urllib.error
import urllib.request

from services.common.domain.credit_code import check_character as check_char

AGENCIES = [  # name, address, representative, staff, operating, deduction rule or None
    ("内乡县菊潭职业介绍所", "内乡县城关镇菊潭大街 26 号", "王建设", ["李红", "赵刚"], True, None),
    ("内乡县宝天曼劳务服务有限公司", "内乡县城关镇县衙路 8 号", "周新华", ["孙丽", "马超"], True, "no_license_display"),
    ("内乡县湍东人力资源服务部", "内乡县湍东镇政府街 3 号", "刘志强", ["陈静", "杨帆"], False, None),
]


def _call(method: str, url: str, token: str | None, body: dict | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, method=method, headers=headers,
                                 data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{method} {url}: {e.code} {e.read()[:300]!r}") from None


def credit_code(n: int) -> str:
    first17 = f"92411325MA{n:07d}"
    return first17 + check_char(first17)


def seed_demo_licensing(gateway: str, token: str, password: str) -> int:
    """`token` is the county office's; commerce logs in with the demo password."""
    api = f"{gateway}/api/licensing"
    if _call("GET", f"{api}/agencies?page_size=1", token)["total"] > 0:
        return 0
    commerce = _call("POST", f"{gateway}/api/auth/login", None,
                     {"username": "commerce_officer", "password": password})["access_token"]
    for n, (name, address, boss, staff, operating, rule) in enumerate(AGENCIES, start=1):
        agency = _call("POST", f"{api}/agencies", token, {
            "name": name, "credit_code": credit_code(n), "address": address,
            "legal_representative": boss, "contact_phone": f"139377000{n:02d}",
            "staff": [{"name": s, "certificate_number": f"ZJ2026{n:02d}{i:02d}"} for i, s in enumerate(staff, 1)],
            "service_scope": "职业介绍、劳务输出信息咨询、求职登记",
            "fee_schedule": [{"item": "职业介绍费", "amount": 100}, {"item": "求职登记", "amount": 0}],
            "documents": ["服务场所证明", "从业人员资格证书", "机构章程"]})
        _call("POST", f"{api}/agencies/{agency['id']}/review", token, {})
        _call("POST", f"{api}/agencies/{agency['id']}/approve", token, {})
        if operating:
            _call("PUT", f"{api}/agencies/{agency['id']}/business-license", commerce,
                  {"number": f"41132560000{n:04d}", "registered_on": "2026-01-05"})
        if rule:
            _call("POST", f"{api}/agencies/{agency['id']}/deductions", token,
                  {"rule_code": rule, "note": "未在服务大厅公示收费标准", "source": "inspection"})
        if n == 1:
            ad = _call("POST", f"{api}/ads", token, {
                "submitter_type": "agency", "agency_id": agency["id"], "medium": "radio",
                "outlet": "内乡人民广播电台", "title": "苏州电子厂招聘普工 50 名",
                "content": "苏州精密电子有限公司招聘普工 50 名,月薪 4500-6000 元,包吃住,报名不收费。"})
            _call("POST", f"{api}/ads/{ad['id']}/review", token, {"decision": "approve"})
    return len(AGENCIES)
