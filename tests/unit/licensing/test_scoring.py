"""百分制: rule table as data, deduction arithmetic, thresholds as proposals an officer
confirms, substantiated complaints from rights, and the yearly ranking."""
from datetime import datetime, timezone

import pytest

from services.common.domain.errors import Duplicate, InvalidField, InvalidTransition, NotAllowed
from services.licensing.domain.scoring import band
from services.licensing.service_layer import scoring

from .helpers import COMMERCE, LABOR, NOW, POLICE, licensed_agency


def deduct(uow, agency, code="overcharge", note="多收费用"):
    return scoring.deduct(uow, agency["_id"], {"rule_code": code, "note": note}, LABOR, now=NOW)


def test_a_deduction_takes_the_rules_points_and_announces_the_new_score():
    uow, agency = licensed_agency()
    d = deduct(uow, agency)
    assert d["points"] == 15 and d["clause"].startswith("《就业服务与就业管理规定》")
    assert uow.agencies.get(agency["_id"])["score"] == 85
    [event] = uow.events_of("agency.score_changed")
    assert (event["data"]["score"], event["data"]["delta"], event["data"]["year"]) == (85, -15, 2026)


def test_the_score_never_goes_below_zero():
    uow, agency = licensed_agency()
    for _ in range(6):
        deduct(uow, agency, "false_info")
    a = uow.agencies.get(agency["_id"])
    assert a["score"] == 0 and sum(d["points"] for d in a["deductions"]) == 100


def test_rules_are_data_the_county_office_edits():
    uow, agency = licensed_agency()
    scoring.put_rule(uow, "overcharge", {"title": "超标准收费", "points": 30, "clause": "县规第3条"}, LABOR)
    assert deduct(uow, agency)["points"] == 30
    new = scoring.put_rule(uow, None, {"code": "no_ledger", "title": "未建立求职登记台账", "points": 3,
                                       "clause": "县规第5条", "source": "inspection"}, LABOR)
    assert new["updated_by"]["username"] == "county_admin"
    with pytest.raises(Duplicate):
        scoring.put_rule(uow, None, {"code": "no_ledger", "title": "x" * 3, "points": 3,
                                     "clause": "县规", "source": "inspection"}, LABOR)
    with pytest.raises(NotAllowed):
        scoring.put_rule(uow, "overcharge", {"title": "超标准收费", "points": 1, "clause": "x条"}, COMMERCE)
    scoring.put_rule(uow, "no_ledger", {"title": "未建立求职登记台账", "points": 3, "clause": "县规第5条",
                                        "active": False}, LABOR)
    with pytest.raises(InvalidField):
        deduct(uow, agency, "no_ledger")
    with pytest.raises(InvalidField):
        deduct(uow, agency, "no_such_rule")


def test_below_60_proposes_suspension_once_and_confirming_suspends():
    uow, agency = licensed_agency()
    for _ in range(2):
        deduct(uow, agency, "false_info")          # 60: not below yet
    assert uow.agencies.get(agency["_id"])["proposals"] == []
    deduct(uow, agency, "poor_service")             # 55
    deduct(uow, agency, "poor_service")             # 50: no second proposal
    [proposal] = uow.agencies.get(agency["_id"])["proposals"]
    assert proposal["action"] == "suspend" and proposal["status"] == "pending"
    assert uow.agencies.get(agency["_id"])["status"] == "licensed"   # only proposed
    with pytest.raises(NotAllowed):
        scoring.decide_proposal(uow, agency["_id"], proposal["id"], True, "同意", POLICE)
    a = scoring.decide_proposal(uow, agency["_id"], proposal["id"], True, "同意暂停", LABOR, now=NOW)
    assert a["status"] == "suspended" and a["log"][-1]["by"]["username"] == "county_admin"
    assert "得分 55 分,低于 60 分" in a["log"][-1]["reason"]
    assert uow.events_of("agency.suspended")
    with pytest.raises(InvalidTransition):
        scoring.decide_proposal(uow, agency["_id"], proposal["id"], True, "again", LABOR)


def test_below_40_proposes_revocation_and_dismissing_keeps_the_licence():
    uow, agency = licensed_agency()
    for _ in range(3):
        deduct(uow, agency, "false_info")          # 40
    deduct(uow, agency, "overcharge")                # 25: crosses 40
    proposals = uow.agencies.get(agency["_id"])["proposals"]
    assert [p["action"] for p in proposals] == ["suspend", "revoke"]
    a = scoring.decide_proposal(uow, agency["_id"], proposals[1]["id"], False, "情节较轻", LABOR)
    assert a["status"] == "licensed" and a["proposals"][1]["status"] == "dismissed"
    assert not uow.events_of("agency.revoked")


def case_closed(agency_id, case_id="c1", respondent_type="agency", substantiated=True):
    return {"id": "e-" + case_id, "type": "case.closed", "correlation_id": None,
            "data": {"case_id": case_id, "category": "fees", "respondent_type": respondent_type,
                     "respondent_id": agency_id, "substantiated": substantiated}}


def test_a_substantiated_complaint_costs_points_once():
    uow, agency = licensed_agency()
    scoring.on_case_closed(uow, case_closed(agency["_id"]))
    scoring.on_case_closed(uow, case_closed(agency["_id"]))  # redelivered
    a = uow.agencies.get(agency["_id"])
    assert a["score"] == 90 and [d["source"] for d in a["deductions"]] == ["complaint"]
    assert a["deductions"][0]["source_id"] == "c1"


@pytest.mark.parametrize("respondent_type, substantiated, agency_id",
                         [("agency", False, None), ("employer", True, None), ("agency", True, "nobody")])
def test_other_closed_cases_change_nothing(respondent_type, substantiated, agency_id):
    uow, agency = licensed_agency()
    event = case_closed(agency_id or agency["_id"], respondent_type=respondent_type,
                        substantiated=substantiated)
    assert scoring.on_case_closed(uow, event) is None
    assert uow.agencies.get(agency["_id"])["score"] == 100


def test_a_new_year_starts_at_100_and_the_ranking_orders_by_score():
    uow, first = licensed_agency(n=1)
    _, second = licensed_agency(uow, n=2)
    _, third = licensed_agency(uow, n=3)
    deduct(uow, first)                       # 85
    deduct(uow, third)                       # 85
    rows = scoring.ranking(uow, 2026, LABOR)
    assert [(r["name"][-7:], r["score"], r["rank"]) for r in rows] == [
        ("第2职业介绍所", 100, 1), ("第1职业介绍所", 85, 2), ("第3职业介绍所", 85, 2)]
    next_year = datetime(2027, 1, 5, tzinfo=timezone.utc)
    scoring.deduct(uow, second["_id"], {"rule_code": "poor_service", "note": "台账不全"}, LABOR, now=next_year)
    assert uow.agencies.get(second["_id"])["score"] == 95
    assert uow.agencies.get(second["_id"])["year_scores"] == {"2026": 100}
    rows2027 = {r["agency_id"]: r["score"] for r in scoring.ranking(uow, 2027, LABOR)}
    assert rows2027 == {first["_id"]: 100, second["_id"]: 95, third["_id"]: 100}
    assert {r["agency_id"]: r["score"] for r in scoring.ranking(uow, 2026, LABOR)}[second["_id"]] == 100


def test_score_bands():
    assert [band(s) for s in (100, 90, 89, 75, 74, 60, 59, 0)] == [
        "excellent", "excellent", "good", "good", "fair", "fair", "poor", "poor"]
