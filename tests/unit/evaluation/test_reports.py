"""Periodic reports: prefilled figures, the workflow's transitions, due dates and late flags,
the county's summary table, and who may do what."""
from datetime import date, datetime, timezone

import pytest

from services.common.domain.errors import (InvalidField, InvalidTransition, NotAllowed, NotFound,
                                           OutOfRegion, StaleVersion)
from services.evaluation.service_layer import reports as uc
from tests.support.evaluation_fakes import FakeEvaluationUnitOfWork
from tests.support.factories import OTHER_TOWN, TOWN, actor

STAFF, ADMIN, LEADER = actor("township_staff"), actor("county_admin"), actor("leader")
ON_TIME = datetime(2026, 4, 3, 2, 0, tzinfo=timezone.utc)    # due 2026-04-05 for March
LATE = datetime(2026, 4, 5, 17, 0, tzinfo=timezone.utc)       # 01:00 on 6 April in Neixiang


def uow_with_figures():
    uow = FakeEvaluationUnitOfWork()
    uow.indicators.add("registered", TOWN, "2026-03", 7)
    uow.indicators.add("registered", TOWN, "2026-02", 100)   # not March
    uow.indicators.add("working_outside", TOWN, "2025-11", 40)  # a level: carried forward
    uow.indicators.add("registered", OTHER_TOWN, "2026-03", 3)
    return uow


def filed(uow, at=ON_TIME):
    uc.save_draft(uow, STAFF, "monthly", "2026-03", {"narrative": "三月份转移输出顺利",
                                                       "manual": {"problems": "岗位信息不足"}}, now=at)
    return uc.submit(uow, STAFF, "monthly", "2026-03", now=at)


def test_a_new_report_is_prefilled_from_the_townships_indicators():
    report = uc.get_report(uow_with_figures(), STAFF, TOWN, "monthly", "2026-03")
    assert report["status"] == "draft" and report["saved"] is False
    assert report["figures"]["registered"] == 7 and report["figures"]["working_outside"] == 40
    assert report["due_date"] == "2026-04-05" and report["label"] == "2026 年 3 月"


def test_the_full_workflow_submit_return_resubmit_accept():
    uow = uow_with_figures()
    report = filed(uow)
    assert report["status"] == "submitted" and report["late"] is False
    assert report["figures"]["registered"] == 7
    report = uc.review(uow, ADMIN, TOWN, "monthly", "2026-03", "return", "请补充培训情况", now=LATE)
    assert report["status"] == "returned" and report["log"][-1]["reason"] == "请补充培训情况"
    uc.save_draft(uow, STAFF, "monthly", "2026-03", {"manual": {"publicity": "举办培训两期"},
                                                       "version": report["version"]}, now=LATE)
    report = uc.submit(uow, STAFF, "monthly", "2026-03", now=LATE)
    assert report["status"] == "submitted" and report["late"] is False  # first came on time
    report = uc.review(uow, ADMIN, TOWN, "monthly", "2026-03", "accept")
    assert report["status"] == "accepted"
    assert [e["action"] for e in report["log"]] == ["submit", "return", "submit", "accept"]
    assert all(e["by"]["username"] for e in report["log"])
    [ev] = uow.events_of("report.accepted")
    assert ev["data"] == {"report_id": f"{TOWN}:monthly:2026-03", "township_code": TOWN,
                          "period_type": "monthly", "period": "2026-03", "late": False,
                          "at": ev["data"]["at"]}


@pytest.mark.parametrize("state_steps, action", [
    ([], "accept"), ([], "return"), (["submit"], "submit"), (["submit", "accept"], "return"),
])
def test_transitions_outside_the_workflow_are_refused(state_steps, action):
    uow = uow_with_figures()
    uc.save_draft(uow, STAFF, "monthly", "2026-03", {"narrative": "总结"}, now=ON_TIME)
    for step in state_steps:
        if step == "submit":
            uc.submit(uow, STAFF, "monthly", "2026-03", now=ON_TIME)
        else:
            uc.review(uow, ADMIN, TOWN, "monthly", "2026-03", step)
    with pytest.raises(InvalidTransition):
        if action == "submit":
            uc.submit(uow, STAFF, "monthly", "2026-03")
        else:
            uc.review(uow, ADMIN, TOWN, "monthly", "2026-03", action, "理由")


def test_a_report_submitted_after_its_due_date_local_time_is_late():
    assert filed(uow_with_figures(), at=LATE)["late"] is True


def test_a_submitted_report_cannot_be_edited_and_needs_a_narrative_and_a_return_reason():
    uow = uow_with_figures()
    uc.save_draft(uow, STAFF, "monthly", "2026-03", {"manual": {"problems": "无"}})
    with pytest.raises(InvalidField) as e:
        uc.submit(uow, STAFF, "monthly", "2026-03")
    assert "narrative" in e.value.fields
    filed(uow)
    with pytest.raises(InvalidField):
        uc.save_draft(uow, STAFF, "monthly", "2026-03", {"narrative": "改"})
    with pytest.raises(InvalidField) as e:
        uc.review(uow, ADMIN, TOWN, "monthly", "2026-03", "return", " ")
    assert "reason" in e.value.fields


def test_a_stale_version_is_refused():
    uow = uow_with_figures()
    uc.save_draft(uow, STAFF, "monthly", "2026-03", {"narrative": "一"})
    with pytest.raises(StaleVersion):
        uc.save_draft(uow, STAFF, "monthly", "2026-03", {"narrative": "二", "version": 0})


def test_townships_see_and_submit_their_own_reports_only_leaders_only_read():
    uow = uow_with_figures()
    filed(uow)
    with pytest.raises(OutOfRegion):
        uc.get_report(uow, STAFF, OTHER_TOWN, "monthly", "2026-03")
    other_staff = actor("township_staff", region=OTHER_TOWN)
    with pytest.raises(OutOfRegion):
        uc.get_report(uow, other_staff, TOWN, "monthly", "2026-03")
    assert uc.get_report(uow, LEADER, TOWN, "monthly", "2026-03")["status"] == "submitted"
    for who in (LEADER, ADMIN):
        with pytest.raises(NotAllowed):
            uc.save_draft(uow, who, "monthly", "2026-04", {"narrative": "x"})
    for who in (LEADER, STAFF):
        with pytest.raises(NotAllowed):
            uc.review(uow, who, TOWN, "monthly", "2026-03", "accept")
    with pytest.raises(NotAllowed):
        uc.summary(uow, STAFF, "monthly", "2026-03")
    with pytest.raises(NotAllowed):
        uc.get_report(uow, actor("village_liaison"), TOWN, "monthly", "2026-03")
    assert [r["_id"] for r in uc.my_reports(uow, STAFF, 2026)] == [f"{TOWN}:monthly:2026-03"]


def test_submitting_without_a_draft_is_not_found():
    with pytest.raises(NotFound):
        uc.submit(FakeEvaluationUnitOfWork(), STAFF, "quarterly", "2026-Q1")


@pytest.mark.parametrize("period_type, period", [("monthly", "2026-13"), ("quarterly", "2026-Q5"),
                                                 ("half-year", "2026"), ("annual", "26"),
                                                 ("weekly", "2026-01")])
def test_bad_periods_name_the_field(period_type, period):
    with pytest.raises(InvalidField) as e:
        uc.get_report(FakeEvaluationUnitOfWork(), STAFF, TOWN, period_type, period)
    assert set(e.value.fields) & {"period", "period_type"}


def test_the_county_summary_lists_every_township_with_status_late_and_overdue():
    uow = uow_with_figures()
    filed(uow, at=LATE)
    table = uc.summary(uow, ADMIN, "monthly", "2026-03", today=date(2026, 4, 10))
    assert len(table["rows"]) == 16
    by = {r["township_code"]: r for r in table["rows"]}
    assert by[TOWN]["status"] == "submitted" and by[TOWN]["late"] and not by[TOWN]["overdue"]
    assert by[OTHER_TOWN]["status"] == "missing" and by[OTHER_TOWN]["overdue"]
    assert by[OTHER_TOWN]["figures"]["registered"] == 3
    assert table["totals"]["registered"] == 10
    early = uc.summary(uow, LEADER, "monthly", "2026-03", today=date(2026, 4, 2))
    assert not any(r["overdue"] for r in early["rows"])
