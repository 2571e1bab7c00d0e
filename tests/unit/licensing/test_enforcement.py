"""打击非法中介: tips, joint cases of labor, police and commerce (each sees its own), actions by
department, closing with a result, and rights' reports opening or joining a case."""
import pytest

from services.common.domain.errors import InvalidField, InvalidTransition, NotAllowed, OutOfRegion, RuleBroken
from services.licensing.domain.enforcement import tip_view
from services.licensing.service_layer import enforcement
from tests.support.licensing_fakes import FakeLicensingUnitOfWork

from .helpers import COMMERCE, LABOR, LEADER, NOW, POLICE

TIP = {"suspect_name": "宏发劳务", "place": "城关镇汽车站旁", "details": "收取报名费 300 元后失联",
       "suspect_phones": ["13800001111"]}


def test_anonymous_and_named_tips_and_who_sees_the_reporter():
    uow = FakeLicensingUnitOfWork()
    anon = enforcement.submit_tip(uow, dict(TIP), None, now=NOW)
    assert anon["anonymous"] and anon["reporter"] is None and anon["channel"] == "web"
    with pytest.raises(InvalidField):
        enforcement.submit_tip(uow, dict(TIP, anonymous=False), None)
    named = enforcement.submit_tip(uow, dict(TIP, anonymous=False, reporter_name="王小明",
                                             reporter_phone="13912345678"), None)
    assert tip_view(named, LABOR)["reporter"]["phone"] == "13912345678"
    assert tip_view(named, POLICE)["reporter"] == {"name": "王**", "phone": "139****5678"}
    _, total = enforcement.list_tips(uow, LABOR, 1, 20)
    assert total == 2
    with pytest.raises(NotAllowed):
        enforcement.list_tips(uow, POLICE, 1, 20)


def open_joint_case(uow):
    tip = enforcement.submit_tip(uow, dict(TIP), None)
    case = enforcement.open_case(uow, {"suspect_name": "宏发劳务", "place": "城关镇汽车站旁",
                                       "tip_ids": [tip["_id"]]}, LABOR, now=NOW)
    return tip, case


def test_a_case_from_a_tip_is_announced_and_seen_by_its_departments_only():
    uow = FakeLicensingUnitOfWork()
    tip, case = open_joint_case(uow)
    assert uow.tips.get(tip["_id"])["case_id"] == case["_id"] and case["departments"] == ["labor"]
    [event] = uow.events_of("enforcement.opened")
    assert event["data"]["suspect_name"] == "宏发劳务"
    assert "13800001111" not in str(event)
    with pytest.raises(OutOfRegion):
        enforcement.get_case(uow, case["_id"], POLICE)
    assert enforcement.list_cases(uow, POLICE, None, 1, 20)[1] == 0
    enforcement.join(uow, case["_id"], "police", LABOR)
    assert enforcement.get_case(uow, case["_id"], POLICE)["tips"][0]["_id"] == tip["_id"]
    assert enforcement.list_cases(uow, POLICE, None, 1, 20)[1] == 1
    assert enforcement.list_cases(uow, COMMERCE, None, 1, 20)[1] == 0
    with pytest.raises(NotAllowed):
        enforcement.list_cases(uow, LEADER, None, 1, 20)
    with pytest.raises(RuleBroken):
        enforcement.join(uow, case["_id"], "police", POLICE)
    with pytest.raises(InvalidField):
        enforcement.open_case(uow, {"suspect_name": "某中介", "place": "某地", "tip_ids": ["nope"]}, LABOR)


def test_joint_actions_by_department_and_closing_with_a_result():
    uow = FakeLicensingUnitOfWork()
    _, case = open_joint_case(uow)
    with pytest.raises(NotAllowed):
        enforcement.add_action(uow, case["_id"], {"kind": "investigated", "note": "走访"}, COMMERCE)
    enforcement.join(uow, case["_id"], "commerce", LABOR)
    enforcement.join(uow, case["_id"], "police", LABOR)
    c = enforcement.add_action(uow, case["_id"], {"kind": "investigated", "note": "现场调查",
                                                  "evidence": ["收据照片"]}, POLICE)
    assert c["status"] == "investigating" and c["actions"][0]["department"] == "police"
    with pytest.raises(NotAllowed):
        enforcement.add_action(uow, case["_id"], {"kind": "closed_down", "note": "取缔"}, POLICE)
    with pytest.raises(NotAllowed):
        enforcement.add_action(uow, case["_id"], {"kind": "referred", "note": "移送"}, COMMERCE)
    with pytest.raises(InvalidField):
        enforcement.add_action(uow, case["_id"], {"kind": "fined", "note": "罚款"}, COMMERCE)
    enforcement.add_action(uow, case["_id"], {"kind": "fined", "note": "罚款", "amount": 20000}, COMMERCE)
    with pytest.raises(RuleBroken):
        enforcement.close(uow, case["_id"], {"result": "closed_down", "note": "取缔"}, COMMERCE)
    enforcement.add_action(uow, case["_id"], {"kind": "closed_down", "note": "依法取缔"}, COMMERCE)
    c = enforcement.close(uow, case["_id"], {"result": "closed_down", "note": "已取缔"}, COMMERCE)
    assert c["status"] == "closed" and c["result"] == "closed_down"
    assert [a["amount"] for a in c["actions"] if a["kind"] == "fined"] == [20000]
    [event] = uow.events_of("enforcement.closed")
    assert event["data"]["result"] == "closed_down"
    with pytest.raises(InvalidTransition):
        enforcement.add_action(uow, case["_id"], {"kind": "evidence", "note": "补充"}, POLICE)


def reported(case_id, name="宏发 劳务"):
    return {"id": "e-" + case_id, "type": "illegal_agency.reported", "correlation_id": "corr",
            "data": {"case_id": case_id, "suspect_name": name, "place": "汽车站", "at": "2026-03-02T01:00:00.000Z"}}


def test_rights_reports_open_a_case_then_join_it():
    uow = FakeLicensingUnitOfWork()
    first = enforcement.on_illegal_agency_reported(uow, reported("r1"))
    assert first["source"] == "rights" and first["complaint_ids"] == ["r1"]
    assert first["departments"] == ["labor"] and first["opened_by"]["role"] == "system"
    again = enforcement.on_illegal_agency_reported(uow, reported("r2", "宏发劳务"))
    enforcement.on_illegal_agency_reported(uow, reported("r2", "宏发劳务"))  # redelivered
    assert again["_id"] == first["_id"] and uow.cases.get(first["_id"])["complaint_ids"] == ["r1", "r2"]
    assert len(uow.events_of("enforcement.opened")) == 1
    other = enforcement.on_illegal_agency_reported(uow, reported("r3", "另一家黑中介"))
    assert other["_id"] != first["_id"]
