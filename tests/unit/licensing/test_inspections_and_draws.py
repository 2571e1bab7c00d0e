"""监督检查 with deductions and follow-up, and 双随机一公开 draws that re-run to the same result."""
from datetime import datetime, timezone

import pytest

from services.common.domain.errors import InvalidField, NotAllowed, RuleBroken
from services.licensing.domain.random_draw import run_draw
from services.licensing.service_layer import agencies, inspections
from tests.support.licensing_fakes import FakeLicensingUnitOfWork, application_body

from .helpers import LABOR, NOW, POLICE, licensed_agency

PASS = {"result": "pass"}


def body(**over):
    b = {"kind": "unannounced", "inspected_on": "2026-03-01", "inspectors": ["张军", "刘洋"],
         "checklist": {"organization": PASS, "targets": PASS, "fees": {"result": "fail", "note": "多收 50 元"},
                       "service_quality": PASS},
         "findings": "收费高于公示标准", "deductions": ["overcharge", "no_license_display"],
         "follow_up_due": "2026-03-20"}
    b.update(over)
    return b


def test_an_inspection_records_findings_and_deducts_by_rule_in_one_go():
    uow, agency = licensed_agency()
    i = inspections.record(uow, agency["_id"], body(), LABOR, now=NOW)
    assert i["result"] == "fail" and i["failed_items"] == ["fees"]
    assert [d["points"] for d in i["deductions"]] == [15, 5]
    assert uow.agencies.get(agency["_id"])["score"] == 80
    assert len(uow.events_of("agency.score_changed")) == 2
    assert inspections.of_agency(uow, agency["_id"], LABOR)[0]["_id"] == i["_id"]


def test_inspection_rules():
    uow, agency = licensed_agency()
    with pytest.raises(InvalidField) as e:
        inspections.record(uow, agency["_id"], body(follow_up_due=None), LABOR, now=NOW)
    assert "follow_up_due" in e.value.fields
    with pytest.raises(InvalidField):
        inspections.record(uow, agency["_id"], body(follow_up_due="2026-02-01"), LABOR, now=NOW)
    with pytest.raises(InvalidField):
        inspections.record(uow, agency["_id"], body(inspected_on="2026-04-01"), LABOR, now=NOW)
    with pytest.raises(InvalidField):
        inspections.record(uow, agency["_id"], body(inspectors=["张军", "张军"]), LABOR, now=NOW)
    with pytest.raises(NotAllowed):
        inspections.record(uow, agency["_id"], body(), POLICE, now=NOW)
    applicant = agencies.apply(uow, application_body(9), LABOR, now=NOW)
    with pytest.raises(RuleBroken):
        inspections.record(uow, applicant["_id"], body(), LABOR, now=NOW)
    assert uow.agencies.get(agency["_id"])["score"] == 100  # nothing half-done


def test_late_follow_up_costs_the_follow_up_points_on_time_does_not():
    uow, agency = licensed_agency()
    late = inspections.record(uow, agency["_id"], body(deductions=[]), LABOR, now=NOW)
    on_time = inspections.record(uow, agency["_id"], body(deductions=[]), LABOR, now=NOW)
    inspections.follow_up(uow, on_time["_id"], {"note": "已按标准退费"}, LABOR,
                          now=datetime(2026, 3, 15, tzinfo=timezone.utc))
    assert uow.agencies.get(agency["_id"])["score"] == 100
    done = inspections.follow_up(uow, late["_id"], {"note": "已退费"}, LABOR,
                                 now=datetime(2026, 3, 25, tzinfo=timezone.utc))
    assert done["follow_up"]["late"] is True
    assert uow.agencies.get(agency["_id"])["score"] == 90
    with pytest.raises(RuleBroken):
        inspections.follow_up(uow, late["_id"], {"note": "再次"}, LABOR)


def test_a_draw_is_recorded_with_its_seed_and_reruns_to_the_same_picks():
    uow = FakeLicensingUnitOfWork()
    for n in range(1, 6):
        licensed_agency(uow, n)
    d = inspections.draw(uow, {"agencies": 2, "inspectors": 2, "inspector_pool": ["甲一", "乙二", "丙三", "丁四"],
                               "seed": 20260301}, LABOR, now=NOW)
    assert d["seed"] == 20260301 and len(d["picks"]) == 2
    assert all(len(p["inspectors"]) == 2 for p in d["picks"])
    assert inspections.rerun(uow, d["_id"])["same"] is True
    # the same pools and seed in another order give the same draw: anyone can check it
    assert run_draw(list(reversed(d["agency_pool"])), ["丁四", "丙三", "乙二", "甲一"], 2, 2, 20260301) == d["picks"]
    random_seed = inspections.draw(uow, {"agencies": 1, "inspectors": 2, "inspector_pool": ["甲一", "乙二"]},
                                   LABOR, now=NOW)
    assert isinstance(random_seed["seed"], int)
    with pytest.raises(NotAllowed):
        inspections.draw(uow, {"agencies": 1, "inspectors": 2, "inspector_pool": ["甲一", "乙二"]}, POLICE)
    with pytest.raises(InvalidField):
        inspections.draw(uow, {"agencies": 1, "inspectors": 3, "inspector_pool": ["甲一", "乙二"]}, LABOR)


def test_draw_results_are_published_once_inspected():
    uow = FakeLicensingUnitOfWork()
    for n in range(1, 4):
        licensed_agency(uow, n)
    d = inspections.draw(uow, {"agencies": 1, "inspectors": 2, "inspector_pool": ["甲一", "乙二"], "seed": 7},
                         LABOR, now=NOW)
    picked = d["picks"][0]["agency_id"]
    [published] = inspections.published_draws(uow)
    assert published["reproducible"] and published["picks"][0]["result"] is None
    inspections.record(uow, picked, body(kind="random", draw_id=d["_id"]), LABOR, now=NOW)
    pick = inspections.published_draws(uow)[0]["picks"][0]
    assert pick["result"] == "fail" and pick["points_deducted"] == 20
    other = next(a for a in uow.agencies.licensed_ids() if a != picked)
    with pytest.raises(InvalidField):
        inspections.record(uow, other, body(kind="random", draw_id=d["_id"]), LABOR, now=NOW)
