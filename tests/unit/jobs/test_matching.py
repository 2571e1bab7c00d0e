"""Matching order and reasons on a fixture of workers and jobs, and profiles kept from the
registry's events."""
from datetime import date, datetime, timezone

import pytest

from services.common.domain.errors import NotAllowed, OutOfRegion
from services.jobs.domain.matching import apply_person_event, score
from services.jobs.service_layer import employers as employers_uc
from services.jobs.service_layer import matching as uc
from services.jobs.service_layer import postings as postings_uc
from tests.support.factories import OTHER_TOWN, TOWN, VILLAGE, actor
from tests.support.jobs_fakes import FakeJobsUnitOfWork, employer_body, posting_body

TODAY = date(2026, 5, 1)
NOW = datetime(2026, 5, 1, 8, tzinfo=timezone.utc)
ADMIN = actor("county_admin")


def worker(pid, **over):
    w = {"_id": pid, "township_code": TOWN, "village_code": VILLAGE, "sex": "male",
         "birth_date": "1990-03-01", "status": "surplus", "education": "junior_high", "skills": [],
         "job_intention": None, "trainings": []}
    w.update(over)
    return w


REBAR = {"_id": "rebar", "title": "钢筋工", "industry": "construction", "salary_min": 7000,
         "salary_max": 9000, "work_region": "in_province", "description": "钢筋绑扎",
         "requirements": {"skills": ["钢筋"], "age_min": 20, "age_max": 55}}
FACTORY = {"_id": "factory", "title": "电子厂普工", "industry": "electronics", "salary_min": 4500,
           "salary_max": 6000, "work_region": "yangtze_delta", "training_offered": "岗前培训 3 天",
           "requirements": {"age_min": 18, "age_max": 40, "education": "junior_high"}}


def test_a_trained_rebar_worker_scores_high_with_reasons():
    w = worker("a", skills=["钢筋工"], job_intention="建筑钢筋",
               trainings=[{"training_id": "t", "course": "钢筋工", "certified": True, "hours": 40,
                           "ended_on": "2026-01-01"}])
    m = score(w, REBAR, TODAY)
    assert m.score >= 80 and not m.missing
    assert any("具备所需技能" in r for r in m.reasons) and any("证书" in r for r in m.reasons)


def test_what_is_missing_is_said():
    w = worker("b", birth_date="1960-01-01", education="primary", wage_expectation=7000,
               region_preference="pearl_delta")
    m = score(w, FACTORY, TODAY)
    assert "年龄 66 岁,不在 18-40 岁要求内" in m.missing
    assert "学历须初中及以上" in m.missing
    assert "期望月薪 7000 元高于岗位最高 6000 元" in m.missing
    assert any("意向地区" in x for x in m.missing)


def test_a_lawful_sex_requirement_excludes():
    posting = dict(REBAR, requirements={"sex": "male", "sex_reason": "井下"})
    assert score(worker("c", sex="female"), posting, TODAY).excluded
    assert not score(worker("c", sex="male"), posting, TODAY).excluded


@pytest.fixture
def uow():
    u = FakeJobsUnitOfWork()
    e = employers_uc.register_employer(u, employer_body(), ADMIN, NOW)
    for title, skills, intention_hint in (("钢筋工", ["钢筋"], None), ("电子厂普工", [], None),
                                          ("厨师", ["厨师"], None)):
        p = postings_uc.create_posting(u, posting_body(e["_id"], TODAY, title=title,
                                                       requirements={"skills": skills}), ADMIN, NOW)
        postings_uc.submit(u, p["_id"], ADMIN, NOW)
        postings_uc.review(u, p["_id"], "approve", None, ADMIN, None, NOW)
    u.workers.put(worker("rebar-man", skills=["钢筋工"], job_intention="钢筋工"))
    u.workers.put(worker("cook", skills=["厨师"], job_intention="厨师"))
    u.workers.put(worker("far", township_code=OTHER_TOWN, village_code=OTHER_TOWN + "201",
                         skills=["钢筋工"], job_intention="钢筋工"))
    u.workers.put(worker("away", status="migrant", skills=["钢筋工"], job_intention="钢筋工"))
    return u


def test_postings_for_a_worker_come_best_first(uow):
    result = uc.matches_for_worker(uow, "rebar-man", actor("township_staff"), TODAY)
    titles = [i["title"] for i in result["items"]]
    assert titles[0] == "钢筋工" and titles[-1] == "厨师"
    assert result["items"][0]["score"] > result["items"][1]["score"] > result["items"][2]["score"]
    assert "缺少技能:厨师" in result["items"][-1]["missing"]


def test_candidates_for_a_posting_are_looking_and_in_the_actors_region(uow):
    rebar = next(p for p in uow.postings.rows.values() if p["title"] == "钢筋工")
    mine = uc.candidates_for_posting(uow, rebar["_id"], actor("township_staff"), TODAY)
    assert [i["person_id"] for i in mine["items"]] == ["rebar-man", "cook"]
    county = uc.candidates_for_posting(uow, rebar["_id"], ADMIN, TODAY)
    assert {i["person_id"] for i in county["items"]} == {"rebar-man", "cook", "far"}  # not the migrant


def test_matching_is_scoped(uow):
    with pytest.raises(OutOfRegion):
        uc.matches_for_worker(uow, "far", actor("township_staff"), TODAY)
    with pytest.raises(NotAllowed):
        uc.matches_for_worker(uow, "rebar-man", actor("leader"), TODAY)


def test_profiles_follow_the_registry_events():
    reg = {"type": "person.registered", "occurred_at": "2026-01-01T00:00:00.000Z",
           "data": {"person_id": "p1", "township_code": TOWN, "village_code": VILLAGE, "sex": "male",
                    "birth_date": "1990-01-01", "status": "surplus", "education": "junior_high",
                    "skills": ["电焊"], "job_intention": "焊工", "registered_at": "2026-01-01T00:00:00Z"}}
    training = {"type": "training.recorded", "occurred_at": "2026-02-01T00:00:00.000Z",
                "data": {"person_id": "p1", "township_code": TOWN, "training_id": "t1", "course": "电工",
                         "hours": 40, "certified": True, "ended_on": "2026-01-30",
                         "recorded_at": "2026-02-01T00:00:00Z"}}
    moved = {"type": "person.status_changed", "occurred_at": "2026-03-01T00:00:00.000Z",
             "data": {"person_id": "p1", "township_code": TOWN, "village_code": VILLAGE,
                      "from_status": "surplus", "to_status": "migrant", "organized": True,
                      "changed_at": "2026-03-01T00:00:00Z"}}
    p = apply_person_event(None, reg)
    p = apply_person_event(p, training)
    p = apply_person_event(p, training)  # redelivered: one training
    p = apply_person_event(p, moved)
    assert p["skills"] == ["电焊"] and len(p["trainings"]) == 1 and p["status"] == "migrant"
    assert "name" not in p and "id_number" not in p


def test_the_web_apps_cached_open_postings_are_used_when_given(uow):
    rebar = [p for p in uow.postings.rows.values() if p["title"] == "钢筋工"]
    result = uc.matches_for_worker(uow, "rebar-man", actor("township_staff"), TODAY,
                                   open_postings=lambda today: rebar)
    assert [i["title"] for i in result["items"]] == ["钢筋工"]
