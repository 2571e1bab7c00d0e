"""创业之星 nominations of entrepreneurs known from registry events, their review and award;
model cases and media reports recorded by townships."""
from datetime import datetime, timezone

import pytest

from services.common.domain.errors import (Duplicate, InvalidField, InvalidTransition, NotAllowed,
                                           OutOfRegion)
from services.evaluation.service_layer import awards as uc
from services.evaluation.service_layer import indicators as indicator_uc
from tests.support.evaluation_fakes import FakeEvaluationUnitOfWork, registered, status_changed
from tests.support.factories import OTHER_TOWN, TOWN, actor

STAFF, ADMIN = actor("township_staff"), actor("county_admin")
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


def with_entrepreneur():
    uow = FakeEvaluationUnitOfWork()
    indicator_uc.apply_event(uow, registered(person_id="e1"))
    indicator_uc.apply_event(uow, status_changed(person_id="e1", frm="surplus", to="entrepreneur",
                                                 at="2026-04-01T00:00:00Z"))
    indicator_uc.apply_event(uow, registered(person_id="other", town=OTHER_TOWN, status="entrepreneur"))
    return uow


def body(**over):
    return {"year": 2026, "person_id": "e1", "display_name": "张某某", "business": "香菇种植合作社",
            "deeds": "返乡创办合作社,带动本村 40 户种植香菇,户均增收八千元。", **over}


def test_entrepreneurs_are_known_from_registry_events_whatever_the_order():
    uow = FakeEvaluationUnitOfWork()
    # the status change arrives before the registration it follows
    indicator_uc.apply_event(uow, status_changed(person_id="e1", frm="surplus", to="entrepreneur",
                                                 at="2026-04-01T00:00:00Z"))
    indicator_uc.apply_event(uow, registered(person_id="e1"))
    assert [p["_id"] for p in uc.entrepreneurs(uow, STAFF)] == ["e1"]


def test_nomination_review_and_award():
    uow = with_entrepreneur()
    n = uc.nominate(uow, STAFF, body(), now=NOW)
    assert n["status"] == "nominated"
    n = uc.review(uow, ADMIN, n["_id"], "shortlist")
    n = uc.review(uow, ADMIN, n["_id"], "award")
    assert n["status"] == "awarded" and [e["action"] for e in n["log"]] == ["shortlist", "award"]
    [ev] = uow.events_of("award.granted")
    assert ev["data"]["person_id"] == "e1" and "张" not in str(ev)
    with pytest.raises(InvalidTransition):
        uc.review(uow, ADMIN, n["_id"], "reject", "重复")


def test_only_known_entrepreneurs_of_ones_own_township_once_a_year():
    uow = with_entrepreneur()
    indicator_uc.apply_event(uow, registered(person_id="plain"))
    with pytest.raises(InvalidField) as e:
        uc.nominate(uow, STAFF, body(person_id="plain"))
    assert "person_id" in e.value.fields
    with pytest.raises(OutOfRegion):
        uc.nominate(uow, STAFF, body(person_id="other"))
    uc.nominate(uow, STAFF, body())
    with pytest.raises(Duplicate):
        uc.nominate(uow, STAFF, body())
    with pytest.raises(NotAllowed):
        uc.nominate(uow, ADMIN, body(year=2027))


def test_reviews_are_the_county_offices_and_a_rejection_needs_a_reason():
    uow = with_entrepreneur()
    n = uc.nominate(uow, STAFF, body())
    for who in (STAFF, actor("leader")):
        with pytest.raises(NotAllowed):
            uc.review(uow, who, n["_id"], "shortlist")
    with pytest.raises(InvalidField) as e:
        uc.review(uow, ADMIN, n["_id"], "reject")
    assert "reason" in e.value.fields
    with pytest.raises(InvalidTransition):
        uc.review(uow, ADMIN, n["_id"], "award")  # not shortlisted yet


def test_township_staff_see_their_own_nominations_only():
    uow = with_entrepreneur()
    n = uc.nominate(uow, STAFF, body())
    other = actor("township_staff", region=OTHER_TOWN)
    assert uc.nominations(uow, other, 2026) == []
    with pytest.raises(OutOfRegion):
        uc.get_nomination(uow, other, n["_id"])
    assert len(uc.nominations(uow, actor("leader"), 2026)) == 1


def case(**over):
    return {"kind": "media_report", "title": "城关镇劳务输出经验见报", "medium": "南阳日报",
            "on": "2026-05-09", **over}


def test_a_media_report_is_recorded_counted_and_announced_without_its_title():
    uow = FakeEvaluationUnitOfWork()
    c = uc.record_model_case(uow, STAFF, case(), now=NOW)
    assert c["township_code"] == TOWN
    assert uow.indicators.values() == {f"media_reports|{TOWN}|2026-05": 1}
    [ev] = uow.events_of("model_case.recorded")
    assert ev["data"]["kind"] == "media_report" and "见报" not in str(ev["data"])
    listing = uc.model_cases(uow, actor("leader"), 2026)
    assert listing["media_reports"] == 1 and listing["media_goal"] == 10


def test_model_cases_are_recorded_for_ones_own_township_with_their_medium():
    uow = FakeEvaluationUnitOfWork()
    with pytest.raises(OutOfRegion):
        uc.record_model_case(uow, STAFF, case(township_code=OTHER_TOWN), now=NOW)
    with pytest.raises(InvalidField) as e:
        uc.record_model_case(uow, STAFF, case(medium=""), now=NOW)
    assert "medium" in e.value.fields
    with pytest.raises(InvalidField) as e:
        uc.record_model_case(uow, STAFF, case(on="2026-12-01"), now=NOW)
    assert "on" in e.value.fields
    with pytest.raises(NotAllowed):
        uc.record_model_case(uow, actor("leader"), case(), now=NOW)
    assert not uow.published and not uow.indicators.values()
    c = uc.record_model_case(uow, ADMIN, case(kind="model_case", township_code=OTHER_TOWN), now=NOW)
    assert c["township_code"] == OTHER_TOWN
