"""Jobs through the gateway on the session stack: review and filing, public search, withdrawal
gone within a second, the agency-license rule driven by licensing's events, bad input."""
import time
import uuid
from datetime import date, timedelta

import requests

from services.common.events.envelope import utc_iso
from tests.e2e.jobs.helpers import employer, posting, published, search, submitted, tagged, unique
from tests.support.events import publish
from tests.support.wait import eventually


def test_a_posting_is_reviewed_filed_found_and_withdrawn(api):
    e = employer(api)
    title = tagged("电子厂普工")
    draft = posting(api, e["id"], title)
    assert search(api, q=title) == []
    # the township may not review; a draft cannot be approved
    r = api.call("POST", f"/api/jobs/postings/{draft['id']}/review", as_user="township_staff",
                 json={"decision": "approve"})
    assert r.status_code == 403
    r = api.call("POST", f"/api/jobs/postings/{draft['id']}/review", as_user="county_admin",
                 json={"decision": "approve"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "invalid_transition"

    api.call("POST", f"/api/jobs/postings/{draft['id']}/submit", as_user="township_staff")
    queue = api.call("GET", "/api/jobs/postings/review-queue", as_user="county_admin").json()
    assert draft["id"] in [p["id"] for p in queue["items"]]
    done = api.call("POST", f"/api/jobs/postings/{draft['id']}/review", as_user="county_admin",
                    json={"decision": "approve", "reason": "核实无误"}).json()
    assert done["status"] == "published" and done["filing_number"].startswith("内劳招备〔")

    hits = api.call("GET", "/api/jobs/search", params={"q": title}).json()["items"]
    assert [h["id"] for h in hits] == [draft["id"]] and hits[0]["filing_number"] == done["filing_number"]
    public = api.call("GET", f"/api/jobs/public/postings/{draft['id']}").json()
    assert public["filing_number"] == done["filing_number"] and "contacts" not in str(public)
    qr = api.call("GET", f"/ui/jobs/postings/{draft['id']}/qr.svg")
    assert qr.status_code == 200 and qr.headers["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in qr.content and done["filing_number"].encode() in qr.content

    started = time.monotonic()
    r = api.call("POST", f"/api/jobs/postings/{draft['id']}/withdraw", as_user="township_staff",
                 json={"reason": "已招满"})
    assert r.status_code == 200
    assert eventually(lambda: search(api, q=title) == [], timeout=1.0, interval=0.05)
    assert time.monotonic() - started < 1.5
    assert api.call("GET", f"/api/jobs/public/postings/{draft['id']}").status_code == 404
    assert api.call("GET", f"/ui/jobs/postings/{draft['id']}/qr.svg").status_code == 404


def test_a_rejection_names_its_reason_and_bad_input_names_the_field(api):
    e = employer(api)
    p = submitted(api, e["id"], tagged("保安"))
    r = api.call("POST", f"/api/jobs/postings/{p['id']}/review", as_user="county_admin",
                 json={"decision": "reject"})
    assert r.status_code == 400 and r.json()["error"]["fields"] == {"reason": "驳回或撤回须说明原因"}
    r = api.call("POST", f"/api/jobs/postings/{p['id']}/review", as_user="county_admin",
                 json={"decision": "reject", "reason": "工资标准不明确"})
    assert r.json()["status"] == "rejected" and r.json()["log"][-1]["reason"] == "工资标准不明确"

    bad = api.call("POST", "/api/jobs/employers", as_user="county_admin",
                   json={"name": "某公司", "credit_code": "91350100M000100Y44", "region": "江苏省", "industry": "other"})
    assert bad.status_code == 400 and bad.json()["error"]["fields"] == {"credit_code": "校验码错误"}
    bad = api.call("GET", "/api/jobs/search", params={"salary_min": "很多"})
    assert bad.status_code == 400 and "salary_min" in bad.json()["error"]["fields"]
    # no login (and none of the shared client's session cookies): the staff API refuses
    assert requests.get(f"{api.base}/api/jobs/employers", timeout=10).status_code == 401


def agency_event(type_: str, agency_id: str) -> dict:
    data = {"agency_id": agency_id, "name": "测试人力资源公司", "license_number": "豫人社许字〔2026〕T01号",
            "at": utc_iso()}
    if type_ == "agency.licensed":
        data.update(credit_code="91350100M000100Y43", valid_until="2099-12-31", score=100)
    else:
        data.update(reason="违规收取求职者费用")
    return {"id": str(uuid.uuid4()), "type": type_, "version": 1, "source": "licensing",
            "subject": agency_id, "occurred_at": utc_iso(), "actor": None, "correlation_id": None,
            "data": data}


def test_a_revoked_agency_has_its_postings_withdrawn_and_unfindable(api, stack):
    agency_id = unique("ag-")
    e = employer(api)
    title = tagged("中介代招普工")
    # not licensed (yet): refused, naming the field
    r = api.call("POST", "/api/jobs/postings", as_user="township_staff",
                 json={**posting_body(e["id"], title), "agency_id": agency_id})
    assert r.status_code == 404 and "agency_id" in r.json()["error"]["fields"]

    publish(stack.kafka_bootstrap, "licensing.agency", agency_id, agency_event("agency.licensed", agency_id))

    def accepted():
        r = api.call("POST", "/api/jobs/postings", as_user="township_staff",
                     json={**posting_body(e["id"], title), "agency_id": agency_id})
        return r.json() if r.status_code == 201 else None
    assert eventually(accepted, timeout=20, interval=0.3)
    p = published(api, e["id"], title, agency_id=agency_id)
    hit = api.call("GET", "/api/jobs/search", params={"q": title}).json()["items"]
    assert p["id"] in [h["id"] for h in hit]
    assert [h["agency"]["status_label"] for h in hit if h["id"] == p["id"]] == ["许可有效"]

    publish(stack.kafka_bootstrap, "licensing.agency", agency_id, agency_event("agency.revoked", agency_id))
    # the worker withdraws it; the indexer consumer removes it from the search (no write-through)
    assert eventually(lambda: p["id"] not in search(api, q=title), timeout=20, interval=0.2)
    stored = api.call("GET", f"/api/jobs/postings/{p['id']}", as_user="county_admin").json()
    assert stored["status"] == "withdrawn" and "被吊销" in stored["log"][-1]["reason"]
    r = api.call("POST", "/api/jobs/postings", as_user="township_staff",
                 json={**posting_body(e["id"], title), "agency_id": agency_id})
    assert r.status_code == 422 and r.json()["error"]["code"] == "agency_not_licensed"


def posting_body(employer_id: str, title: str) -> dict:
    today = date.today()
    return {"title": title, "employer_id": employer_id, "industry": "electronics", "work_region": "pearl_delta",
            "work_city": "深圳", "headcount": 10, "salary_min": 4500, "salary_max": 6000,
            "valid_from": today.isoformat(), "valid_until": (today + timedelta(days=30)).isoformat()}
