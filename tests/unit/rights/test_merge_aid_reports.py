"""Merging duplicates, legal aid, and the report figures."""
from datetime import date

import pytest

from services.common.domain.errors import InvalidField, InvalidTransition, NotAllowed, RuleBroken
from services.rights.service_layer import cases, legal_aid, referrals, reports
from tests.support.factories import actor

from .helpers import JUSTICE, POLICE, STAFF, TODAY, advance, later, new_case, refer_to


def test_a_duplicate_merges_into_the_open_case_and_its_receipt_follows():
    uow, primary = new_case(amount_claimed=5000)
    _, dup = new_case(uow, amount_claimed=9000)
    merged = cases.merge(uow, dup["_id"], primary["_id"], STAFF, "同一工地同一欠薪", now=later())
    assert merged["state"] == "rejected" and merged["merged_into"] == primary["_id"]
    kept = uow.cases.get(primary["_id"])
    assert kept["merged_from"] == [dup["_id"]] and kept["amount_claimed"] == 9000
    assert kept["timeline"][-1]["receipt_number"] == dup["receipt_number"]
    status = cases.status_by_receipt(uow, dup["receipt_number"])
    assert status["merged_into"]["receipt_number"] == primary["receipt_number"]


def test_merging_into_itself_a_finished_case_or_by_others_is_refused():
    uow, a = new_case()
    _, b = new_case(uow)
    with pytest.raises(InvalidField):
        cases.merge(uow, a["_id"], a["_id"], STAFF, "x", now=later())
    with pytest.raises(NotAllowed):
        cases.merge(uow, a["_id"], b["_id"], actor("county_admin"), "x", now=later())
    advance(uow, b, "reject")
    with pytest.raises(RuleBroken):
        cases.merge(uow, a["_id"], b["_id"], STAFF, "x", now=later())


def test_legal_aid_requested_assigned_by_justice_and_concluded():
    uow, case = new_case()
    legal_aid.request(uow, case["_id"], STAFF, "老板拒不支付,需要仲裁", now=later())
    assert [c["_id"] for c in legal_aid.queue(uow, JUSTICE, ["requested"])] == [case["_id"]]
    with pytest.raises(NotAllowed):
        legal_aid.assign(uow, case["_id"], STAFF, "赵律师", None, now=later())
    with pytest.raises(InvalidTransition):
        legal_aid.conclude(uow, case["_id"], JUSTICE, "mediated", "达成调解", now=later())
    legal_aid.assign(uow, case["_id"], JUSTICE, "赵律师", "县法律援助中心", now=later())
    [event] = uow.events_of("legal_aid.assigned")
    assert event["data"]["case_id"] == case["_id"] and "赵律师" not in str(event)
    # the lawyer left: justice reassigns
    legal_aid.assign(uow, case["_id"], JUSTICE, "钱律师", None, now=later())
    done = legal_aid.conclude(uow, case["_id"], JUSTICE, "arbitration", "裁决支付 8000 元", now=later())
    assert done["legal_aid"]["state"] == "concluded" and done["legal_aid"]["lawyer"] == "钱律师"
    with pytest.raises(InvalidTransition):
        legal_aid.assign(uow, case["_id"], JUSTICE, "孙律师", None, now=later())
    with pytest.raises(NotAllowed):
        legal_aid.queue(uow, POLICE, ["requested"])


def test_the_report_counts_states_overdue_money_and_referral_acceptance():
    uow, a = new_case(complainant={"name": "王秀兰", "phone": "13937712345", "consent_to_share": True})
    _, ra = refer_to(uow, a, "police")
    referrals.act(uow, ra["id"], "accept", POLICE, {}, now=later())
    _, rb = refer_to(uow, a, "commerce")
    referrals.act(uow, rb["id"], "reject", actor("commerce_officer", department="commerce"),
                  {"reason": "不属本局"}, now=later())
    advance(uow, a, "accept", "investigate", "resolve", "close")
    _, b = new_case(uow, category="fees")
    _, c = new_case(uow, category="injury")
    advance(uow, c, "reject")
    figures = reports.case_report(uow, actor("leader"), None, None, date(2026, 3, 30))
    assert figures["total"] == 3 and figures["closed"] == 1
    assert figures["by_state"] == {"closed": 1, "received": 1, "rejected": 1}
    assert figures["by_category"] == {"fees": 1, "injury": 1, "wage_arrears": 1}
    assert figures["overdue"] == 1  # the fees case, 15 days
    assert figures["wages_recovered"] == 8000
    assert figures["referrals"] == {"total": 2, "answered": 2, "accepted": 1, "acceptance_rate": 0.5}
    assert figures["days_to_close"]["average"] is not None
    police = reports.case_report(uow, POLICE, None, None, TODAY)
    assert police["total"] == 1
    with pytest.raises(NotAllowed):
        reports.case_report(uow, actor("worker"), None, None, TODAY)
