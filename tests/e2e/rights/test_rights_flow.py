"""The rights center through the gateway on the session's stack: a hotline complaint of
agency fraud is referred to police, accepted, resolved with wages recovered and closed;
licensing deducts the agency's score and evaluation counts the wages. Then the public side:
the status page shows no personal data, the web form is rate-limited, bad input is named."""
import random
from datetime import date, timedelta

import pytest
import requests

from tests.support.licensing_fakes import application_body
from tests.support.wait import eventually

TOWN = "411325104"  # a township the other flows leave alone
YEAR = date.today().year


def ok(r, status=200):
    assert r.status_code == status, r.text
    return r.json()


@pytest.fixture(scope="module")
def agency(api):
    body = application_body(random.randrange(100000, 9999999))
    created = ok(api.call("POST", "/api/licensing/agencies", as_user="county_admin", json=body), 201)
    for step in ("review", "approve"):
        ok(api.call("POST", f"/api/licensing/agencies/{created['id']}/{step}",
                    as_user="county_admin", json={}))
    # rights learns of the licence from licensing's agency.licensed event
    found = lambda: ok(api.call("GET", "/api/rights/agencies?q=" + body["name"],  # noqa: E731
                                as_user="rights_staff"))["items"]
    assert eventually(found, timeout=30), "rights never saw agency.licensed"
    return found()[0]


def wages_in(api, township) -> float:
    rows = ok(api.call("GET", f"/api/evaluation/indicators?year={YEAR}", as_user="county_admin"))
    row = next((t for t in rows["townships"] if t["township_code"] == township), {})
    return float(row.get("wages_recovered", 0))


def score_of(api, agency_id) -> float:
    return ok(api.call("GET", f"/api/licensing/agencies/{agency_id}", as_user="county_admin"))["score"]


def test_agency_fraud_referred_to_police_resolved_and_counted(api, agency):
    wages_before, score_before = wages_in(api, TOWN), score_of(api, agency["id"])
    complaint = {"channel": "hotline", "category": "fraud", "amount_claimed": 6000,
                 "complainant": {"name": "王秀兰", "phone": "13937712345", "consent_to_share": True},
                 "respondent": {"type": "agency", "id": agency["id"], "name": "随便写的名字"},
                 "place": "内乡县城关镇", "township_code": TOWN,
                 "description": "中介收费后介绍的工作不存在,工资也未结清。"}
    case = ok(api.call("POST", "/api/rights/complaints", as_user="rights_staff", json=complaint), 201)
    assert case["respondent"]["name"] == agency["name"]  # linked to the licensing record
    due = (date.today() + timedelta(days=7)).isoformat()
    referred = ok(api.call("POST", f"/api/rights/cases/{case['id']}/referrals", as_user="rights_staff",
                           json={"to_department": "police", "reason": "涉嫌诈骗",
                                 "requested_action": "立案侦查并追回款项", "due_date": due}), 201)
    rid = referred["referral"]["id"]

    inbox = ok(api.call("GET", "/api/rights/referrals?box=inbox", as_user="police_officer"))["items"]
    assert rid in [r["id"] for r in inbox]
    assert api.call("GET", f"/api/rights/cases/{case['id']}", as_user="commerce_officer").status_code == 404
    ok(api.call("POST", f"/api/rights/referrals/{rid}/accept", as_user="police_officer",
                json={"as": "owner"}))
    seen = ok(api.call("GET", f"/api/rights/cases/{case['id']}", as_user="police_officer"))
    assert seen["owner_department"] == "police" and seen["complainant"]["phone"] == "13937712345"

    for action, body in (("accept", {}), ("investigate", {}),
                         ("resolve", {"outcome": "wages_recovered", "wages_recovered": 6000}),
                         ("close", {})):
        ok(api.call("POST", f"/api/rights/cases/{case['id']}/{action}", as_user="police_officer",
                    json=body))
    timeline = ok(api.call("GET", f"/api/rights/cases/{case['id']}/timeline", as_user="rights_staff"))
    assert [t["action"] for t in timeline["items"]][-4:] == ["accept", "investigate", "resolve", "close"]

    assert eventually(lambda: score_of(api, agency["id"]) < score_before, timeout=30), \
        "licensing did not deduct the agency's score"
    assert eventually(lambda: wages_in(api, TOWN) >= wages_before + 6000, timeout=30), \
        "evaluation did not count the recovered wages"
    assert wages_in(api, TOWN) == wages_before + 6000

    status = ok(api.call("GET", f"/api/rights/status/{case['receipt_number']}"))
    assert status["state"] == "closed"
    for secret in ("王秀兰", "13937712345", agency["name"]):
        assert secret not in str(status)


def test_the_public_form_names_bad_fields_and_is_rate_limited(api):
    # a worker without any login: no session cookie (the api client holds one from logins)
    anonymous = requests.Session()

    def post(body, **kw):
        return anonymous.post(api.base + "/api/rights/public/complaints", json=body, timeout=30, **kw)

    bad = post({"category": "wage_arrears"})
    assert bad.status_code == 400
    fields = bad.json()["error"]["fields"]
    assert {"complainant", "respondent", "place", "description"} <= set(fields)
    body = {"category": "wage_arrears", "complainant": {"name": "李四", "phone": "13800000000"},
            "respondent": {"type": "employer", "name": "某建筑公司"}, "place": "上海市",
            "description": "工资拖欠两个月。"}
    # the limit counts by the address the gateway saw (it appends it last to
    # X-Forwarded-For), so a forged header does not reset it
    receipts = []
    for _ in range(10):
        r = post(body, headers={"X-Forwarded-For": f"10.0.0.{random.randrange(256)}"})
        if r.status_code == 429:
            assert r.json()["error"]["code"] == "rate_limited" and r.headers.get("Retry-After")
            break
        receipts.append(ok(r, 201)["receipt_number"])
    else:
        pytest.fail("ten public complaints in a row were all accepted")
    assert 1 <= len(receipts) <= 5
    status = anonymous.get(f"{api.base}/api/rights/status/{receipts[0]}", timeout=30)
    assert status.status_code == 200 and "李四" not in status.text
