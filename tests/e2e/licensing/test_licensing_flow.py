"""Licensing through the gateway on the session's stack: an agency licensed here may recruit in
jobs; revoked here, its postings are withdrawn there and leave the search, and the public check
says so. A complaint about an unlicensed agency, accepted in rights, opens an enforcement case
for the labor office that police see only once brought in."""
import random
import uuid

from tests.e2e.jobs.helpers import employer, posting, search
from tests.support.licensing_fakes import application_body
from tests.support.wait import eventually


def ok(r, status=200):
    assert r.status_code == status, r.text
    return r.json()


def test_a_revoked_agency_leaves_jobs_search_and_shows_revoked_publicly(api):
    body = application_body(random.randrange(10**6, 10**7))
    a = ok(api.call("POST", "/api/licensing/agencies", as_user="county_admin", json=body), 201)
    for step in ("review", "approve"):
        a = ok(api.call("POST", f"/api/licensing/agencies/{a['id']}/{step}", as_user="county_admin", json={}))
    ok(api.call("PUT", f"/api/licensing/agencies/{a['id']}/business-license", as_user="commerce_officer",
                json={"number": "41132560009999", "registered_on": "2026-01-05"}))
    public = ok(api.call("GET", "/api/licensing/verify", params={"q": a["license_number"]}))
    assert public["status"] == "licensed" and public["matches"][0]["operating"] is True

    e = employer(api)
    title = "持证中介代招" + uuid.uuid4().hex[:6]

    def accepted():  # jobs learns of the licence from agency.licensed
        r = api.call("POST", "/api/jobs/postings", as_user="township_staff",
                     json={**posting_body(e["id"], title), "agency_id": a["id"]})
        return r.json() if r.status_code == 201 else None
    assert eventually(accepted, timeout=30, interval=0.3), "jobs never saw agency.licensed"
    p = posting(api, e["id"], title, agency_id=a["id"])
    ok(api.call("POST", f"/api/jobs/postings/{p['id']}/submit", as_user="township_staff"))
    ok(api.call("POST", f"/api/jobs/postings/{p['id']}/review", as_user="county_admin", json={"decision": "approve"}))
    assert eventually(lambda: p["id"] in search(api, q=title), timeout=20, interval=0.3)

    ok(api.call("POST", f"/api/licensing/agencies/{a['id']}/revoke", as_user="county_admin",
                json={"reason": "发布虚假招聘信息"}))
    assert eventually(lambda: p["id"] not in search(api, q=title), timeout=30, interval=0.3), \
        "the revoked agency's posting is still found"
    stored = ok(api.call("GET", f"/api/jobs/postings/{p['id']}", as_user="county_admin"))
    assert stored["status"] == "withdrawn"
    assert ok(api.call("GET", "/api/licensing/verify", params={"q": a["license_number"]}))["status"] == "revoked"
    r = api.call("POST", f"/api/licensing/agencies/{a['id']}/renew", as_user="county_admin", json={})
    assert r.status_code == 422 and r.json()["error"]["fields"] == {"status": "revoked"}


def posting_body(employer_id: str, title: str) -> dict:
    from datetime import date, timedelta
    today = date.today()
    return {"title": title, "employer_id": employer_id, "industry": "electronics", "work_region": "pearl_delta",
            "work_city": "深圳", "headcount": 10, "salary_min": 4500, "salary_max": 6000,
            "valid_from": today.isoformat(), "valid_until": (today + timedelta(days=30)).isoformat()}


def test_an_unlicensed_agency_complaint_opens_a_joint_enforcement_case(api):
    suspect = "车站黑中介" + uuid.uuid4().hex[:4]
    complaint = {"channel": "hotline", "category": "fraud", "amount_claimed": 800,
                 "complainant": {"name": "李桂芝", "phone": "13937700077", "consent_to_share": False},
                 "respondent": {"type": "unlicensed_agency", "name": suspect},
                 "place": "内乡县汽车站", "township_code": "411325100",
                 "description": "交了 800 元介绍费后对方失联。"}
    case = ok(api.call("POST", "/api/rights/complaints", as_user="rights_staff", json=complaint), 201)
    ok(api.call("POST", f"/api/rights/cases/{case['id']}/accept", as_user="rights_staff", json={}))

    def opened():
        items = ok(api.call("GET", "/api/licensing/enforcement?page_size=100", as_user="county_admin"))["items"]
        return next((c for c in items if c["suspect_name"] == suspect), None)
    assert eventually(opened, timeout=30, interval=0.3), "licensing never opened the case"
    enf = opened()
    assert enf["complaint_ids"] == [case["id"]] and enf["source"] == "rights"
    assert "13937700077" not in str(enf) and "李桂芝" not in str(enf)
    assert api.call("GET", f"/api/licensing/enforcement/{enf['id']}", as_user="police_officer").status_code == 403
    ok(api.call("POST", f"/api/licensing/enforcement/{enf['id']}/departments", as_user="county_admin",
                json={"department": "police"}))
    ok(api.call("POST", f"/api/licensing/enforcement/{enf['id']}/actions", as_user="police_officer",
                json={"kind": "referred", "note": "涉嫌诈骗,移送起诉"}), 201)
    closed = ok(api.call("POST", f"/api/licensing/enforcement/{enf['id']}/close", as_user="police_officer",
                         json={"result": "referred", "note": "已移送"}))
    assert closed["status"] == "closed" and closed["result"] == "referred"
