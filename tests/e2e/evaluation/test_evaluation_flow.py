"""Evaluation through the gateway on the session's stack: registrations, a placement and a
closed rights case with wages recovered move a township's indicators and its rank; reports go
through their workflow; roles and bad input; the replay rebuilds identical numbers.

The placement and the closed case are published on the jobs and rights topics as those
services publish them (their contracts: docs/events.md), so this test depends only on the
contracts, not on the state of the jobs and rights pages."""
import json
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timezone

import pytest

from tests.support.events import publish
from tests.support.factories import OTHER_TOWN, TOWN, person_body
from tests.support.ids import make_id_number
from tests.support.wait import eventually

X = "411325111"          # 余关镇: no other test registers there
YEAR = date.today().year


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


def envelope(type_, source, subject, data) -> dict:
    return {"id": str(uuid.uuid4()), "type": type_, "version": 1, "source": source,
            "subject": subject, "occurred_at": now_iso(), "actor": None,
            "correlation_id": None, "data": data}


def row_of(api, code, as_user="county_admin") -> dict:
    r = api.call("GET", f"/api/evaluation/indicators?year={YEAR}", as_user=as_user)
    assert r.status_code == 200, r.text
    return next((t for t in r.json()["townships"] if t["township_code"] == code), {})


def standing(api, code) -> dict:
    """The township's row, with how many others score as much or more (its rank, ties counted)."""
    r = api.call("GET", f"/api/evaluation/assessments/{YEAR}/annual", as_user="leader")
    assert r.status_code == 200, r.text
    rows = r.json()["rows"]
    mine = next(row for row in rows if row["unit_code"] == code)
    mine["level_or_ahead"] = sum(1 for row in rows if row["unit_code"] != code
                                 and row["score"] >= mine["score"])
    return mine


@pytest.fixture(scope="module")
def rule(api):
    r = api.call("PUT", f"/api/evaluation/rules/{YEAR}", as_user="county_admin",
                 json={"cap": 2, "commend_top": 3, "criticize_below": 0,
                       "items": [{"indicator": "registered", "weight": 50},
                                 {"indicator": "wages_recovered", "weight": 50}]})
    assert r.status_code == 200, r.text
    towns = api.call("GET", "/api/registry/regions").json()["townships"]
    targets = [{"unit_code": t["code"], "indicator": ind, "value": value}
               for t in towns for ind, value in (("registered", 1000), ("wages_recovered", 1e6))]
    r = api.call("PUT", "/api/evaluation/targets", as_user="county_admin",
                 json={"year": YEAR, "targets": targets})
    assert r.status_code == 200 and r.json()["saved"] == 32, r.text
    return {t["code"]: t for t in towns}


def test_registrations_a_placement_and_wages_recovered_raise_the_township_and_its_rank(api, stack, rule):
    village = rule[X]["villages"][0]["code"]
    before, rank_before = row_of(api, X), standing(api, X)
    ids = []
    for born in (date(1988, 1, 2), date(1991, 7, 8)):
        r = api.call("POST", "/api/registry/persons", as_user="county_admin",
                     json=person_body(id_number=make_id_number(born, male=True),
                                      township_code=X, village_code=village))
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    placement = envelope(
        "placement.made", "jobs", "pl-" + ids[0],
        {"placement_id": "pl-" + ids[0], "person_id": ids[0], "township_code": X,
         "employer_id": "e-1", "employer_name": "苏州某电子厂", "city": "苏州", "posting_id": None,
         "order_id": None, "start_date": date.today().isoformat(), "monthly_wage": 3800,
         "organized": True, "placed_at": now_iso()})
    for _ in range(2):  # redelivered: counted once
        publish(stack.kafka_bootstrap, "jobs.placement", "pl-" + ids[0], placement)
    publish(stack.kafka_bootstrap, "rights.case", "c-" + ids[1], envelope(
        "case.closed", "rights", "c-" + ids[1],
        {"case_id": "c-" + ids[1], "category": "wage_arrears", "township_code": X,
         "respondent_type": "employer", "respondent_id": None, "substantiated": True,
         "outcome": "wages_recovered", "wages_recovered": 5000, "compensation": 0,
         "closed_at": now_iso()}))

    def moved():
        now = row_of(api, X)
        return (now.get("registered", 0) == before.get("registered", 0) + 2
                and now.get("placements", 0) == before.get("placements", 0) + 1
                and now.get("wages_recovered", 0) == before.get("wages_recovered", 0) + 5000)
    assert eventually(moved, timeout=30), row_of(api, X)
    time.sleep(2)  # the redelivered copy has arrived by now; it must not have counted
    assert moved(), row_of(api, X)
    after = row_of(api, X)
    assert after["working_outside"] == before.get("working_outside", 0) + 1
    rank_after = standing(api, X)
    # by hand: 50 × 2/1000 + 50 × 5000/1e6 = 0.1 + 0.25
    assert round(rank_after["score"] - rank_before["score"], 2) == 0.35
    assert rank_after["level_or_ahead"] < rank_before["level_or_ahead"]
    assert rank_after["rank"] <= rank_before["rank"]
    # township staff see their own township's row only
    mine = api.call("GET", f"/api/evaluation/indicators?year={YEAR}", as_user="township_staff").json()
    assert {t["township_code"] for t in mine["townships"]} <= {TOWN}


def test_a_quarterly_report_is_filed_returned_resubmitted_accepted_and_exported(api):
    quarter = f"{YEAR}-Q{(date.today().month - 1) // 3 + 1}"
    base = f"/api/evaluation/reports/quarterly/{quarter}"
    r = api.call("PUT", base, as_user="township_staff",
                 json={"narrative": "本季度组织劳务输出两批。", "manual": {"problems": "岗位信息偏少"}})
    assert r.status_code == 200, r.text
    assert api.call("POST", base + "/submit", as_user="township_staff").json()["status"] == "submitted"
    r = api.call("POST", f"{base}/{TOWN}/return", as_user="county_admin", json={})
    assert r.status_code == 400 and "reason" in r.json()["error"]["fields"]
    r = api.call("POST", f"{base}/{TOWN}/return", as_user="county_admin", json={"reason": "请补充培训人数"})
    assert r.json()["status"] == "returned", r.text
    assert api.call("POST", base + "/submit", as_user="township_staff").json()["status"] == "submitted"
    r = api.call("POST", f"{base}/{TOWN}/accept", as_user="county_admin", json={})
    assert r.status_code == 200 and r.json()["status"] == "accepted", r.text
    summary = api.call("GET", base, as_user="leader").json()
    row = next(x for x in summary["rows"] if x["township_code"] == TOWN)
    assert row["status"] == "accepted" and len(summary["rows"]) == 16
    xlsx = api.call("GET", base + "?format=xlsx", as_user="county_admin")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # the leader only reads; the township cannot review nor read another township's report
    assert api.call("POST", f"{base}/{TOWN}/accept", as_user="leader", json={}).status_code == 403
    assert api.call("POST", f"{base}/{TOWN}/accept", as_user="township_staff", json={}).status_code == 403
    assert api.call("GET", f"{base}/{OTHER_TOWN}", as_user="township_staff").status_code == 403


def test_bad_input_and_roles_get_the_error_shape_naming_the_field(api):
    r = api.call("PUT", "/api/evaluation/targets", as_user="county_admin",
                 json={"year": YEAR, "targets": [{"unit_code": "999", "indicator": "exported", "value": 5}]})
    assert r.status_code == 400 and "targets[0].unit_code" in r.json()["error"]["fields"], r.text
    r = api.call("GET", f"/api/evaluation/reports/monthly/{YEAR}-13", as_user="county_admin")
    assert r.status_code == 400 and "period" in r.json()["error"]["fields"]
    r = api.call("PUT", "/api/evaluation/targets", as_user="leader", json={"year": YEAR, "targets": []})
    assert r.status_code == 403
    r = api.call("GET", f"/api/evaluation/assessments/{YEAR}/annual", as_user="township_staff")
    assert r.status_code == 403
    r = api.call("GET", f"/api/evaluation/indicators/monthly?year={YEAR}&indicator=nope", as_user="leader")
    assert r.status_code == 400 and "indicator" in r.json()["error"]["fields"]


def test_publishing_the_ranking_once_and_reading_it_as_a_township(api, rule):
    r = api.call("POST", f"/api/evaluation/rankings/{YEAR}/half-year/publish", as_user="county_admin",
                 json={"note": "半年考评"})
    assert r.status_code == 201, r.text
    assert len(r.json()["rows"]) == 16
    again = api.call("POST", f"/api/evaluation/rankings/{YEAR}/half-year/publish", as_user="county_admin", json={})
    assert again.status_code == 409
    seen = api.call("GET", f"/api/evaluation/rankings/{YEAR}", as_user="township_staff").json()
    assert [p["period"] for p in seen["items"]] == ["half-year"]


def test_the_replay_rebuilds_identical_numbers(stack, api):
    out = subprocess.run([sys.executable, "-m", "services.evaluation.replay", "--into",
                          "lex_evaluation_replay_test", "--wait", "30"],
                         env=stack.env(), capture_output=True, text=True, timeout=180)
    summary = json.loads(out.stdout)
    assert out.returncode == 0, out.stdout + out.stderr[-2000:]
    assert summary["identical"] and summary["live_in_step"] and summary["events"] > 0
