"""Wage expectation and region preference reach the worker profile from the registry's person
events (optional fields, so older events leave them unset) and drive matching's reasons."""
from datetime import date

from services.jobs.domain.matching import apply_person_event, score
from services.jobs.service_layer import matching as uc
from services.registry import events as registry_events  # noqa: F401  (registers the schemas)
from services.registry.domain import event_data
from tests.support.factories import TOWN, VILLAGE
from tests.support.jobs_fakes import FakeJobsUnitOfWork

TODAY = date(2026, 5, 1)
POSTING = {"_id": "p", "title": "电子厂普工", "industry": "electronics", "salary_min": 4500,
           "salary_max": 6000, "work_region": "pearl_delta", "requirements": {}}


def person(**over):
    p = {"_id": "p1", "township_code": TOWN, "village_code": VILLAGE, "sex": "male",
         "birth_date": "1990-01-01", "status": "surplus", "education": "junior_high", "skills": [],
         "job_intention": "普工", "intended_industries": ["electronics"],
         "intended_regions": ["pearl_delta", "bohai_rim"], "expected_wage": 5500, "new_entrant": False}
    p.update(over)
    return p


def event(type_, data, at="2026-01-01T00:00:00.000Z"):
    return {"id": f"e-{at}", "type": type_, "version": 1, "source": "registry", "subject": data["person_id"],
            "occurred_at": at, "actor": None, "correlation_id": None, "data": data}


def registered(p):
    from datetime import datetime, timezone
    return event("person.registered", event_data.registered(dict(p, created_at=datetime(2026, 1, 1, tzinfo=timezone.utc))))


def test_the_registry_publishes_expected_wage_and_intended_regions():
    data = registered(person())["data"]
    assert data["expected_wage"] == 5500 and data["intended_regions"] == ["pearl_delta", "bohai_rim"]
    from services.common.events.catalog import validate_event
    validate_event(registered(person()))
    validate_event(registered(person(expected_wage=None, intended_regions=[])))


def test_the_profile_keeps_them_with_the_jobs_region_codes():
    p = apply_person_event(None, registered(person()))
    assert p["wage_expectation"] == 5500
    assert p["region_preferences"] == ["pearl_delta", "bohai"]  # bohai_rim is the jobs' bohai


def test_an_older_event_without_them_leaves_what_the_profile_had():
    p = apply_person_event(None, registered(person()))
    old = registered(person())
    for k in ("expected_wage", "intended_regions"):
        old["data"].pop(k)
    p = apply_person_event(p, old)
    assert p["wage_expectation"] == 5500 and p["region_preferences"] == ["pearl_delta", "bohai"]
    # an update that clears them clears them
    cleared = event("person.updated", dict(registered(person(expected_wage=None, intended_regions=[]))["data"],
                                           changed_fields=["expected_wage"], updated_at="2026-02-01T00:00:00Z"))
    cleared["data"].pop("registered_at")
    p = apply_person_event(p, cleared)
    assert p["wage_expectation"] is None and p["region_preferences"] == []


def test_matching_gives_the_wage_and_region_reasons_from_real_events():
    p = apply_person_event(None, registered(person()))
    m = score(p, POSTING, TODAY)
    assert "工资 4500-6000 元可达期望 5500 元" in m.reasons
    assert "工作地区为意向地区珠三角" in m.reasons
    far = score(p, dict(POSTING, work_region="yangtze_delta", salary_max=5000), TODAY)
    assert "期望月薪 5500 元高于岗位最高 5000 元" in far.missing
    assert "工作地不在意向地区珠三角、环渤海" in far.missing
    assert m.score - far.score == 10 + 5  # the wage and region weights


def test_the_consumer_use_case_stores_them():
    uow = FakeJobsUnitOfWork()
    uc.on_person_event(uow, registered(person(expected_wage=4000)))
    w = uow.workers.get("p1")
    assert w["wage_expectation"] == 4000 and w["region_preferences"] == ["pearl_delta", "bohai"]
