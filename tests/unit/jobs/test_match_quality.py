"""Match quality (precision at 5, MRR) on a fixture whose answers are worked out by hand, and
the application recording where the posting stood in the worker's match list."""
from datetime import datetime, timedelta, timezone

import pytest

from services.common.domain.errors import NotAllowed
from services.jobs.domain.match_quality import match_quality, query_scores
from services.jobs.service_layer import employers as employers_uc
from services.jobs.service_layer import matching as matching_uc
from services.jobs.service_layer import placements as placements_uc
from services.jobs.service_layer import postings as postings_uc
from tests.support.factories import OTHER_TOWN, OTHER_VILLAGE, TOWN, VILLAGE, actor
from tests.support.jobs_fakes import FakeJobsUnitOfWork, employer_body, posting_body

APRIL = datetime(2026, 4, 10, 2, tzinfo=timezone.utc)
MAY = datetime(2026, 5, 10, 2, tzinfo=timezone.utc)


def app(person, rank, status, at=APRIL, **over):
    a = {"person_id": person, "match_rank": rank, "status": status, "created_at": at,
         "township_code": TOWN, "village_code": VILLAGE}
    a.update(over)
    return a


# April: A hired at 1, refused at 3 -> P@5 1/5, RR 1
#        B refused at 2, hired at 4 and 7 -> P@5 1/5 (7 is outside the five), RR 1/4
#        C refused at 6 -> P@5 0, RR 0
#        April: P@5 (0.2 + 0.2 + 0) / 3 = 0.1333, MRR (1 + 0.25 + 0) / 3 = 0.4167
# May:   A hired at 2 and 1 -> P@5 2/5, RR 1;  D hired at 5 -> P@5 1/5, RR 1/5
#        E waiting (no outcome) and F through an order (no rank): not counted
#        May: P@5 (0.4 + 0.2) / 2 = 0.3, MRR (1 + 0.2) / 2 = 0.6
# overall, five queries: P@5 (0.2 + 0.2 + 0 + 0.4 + 0.2) / 5 = 0.2, MRR (1 + 0.25 + 0 + 1 + 0.2) / 5 = 0.49
FIXTURE = [
    app("A", 1, "hired"), app("A", 3, "refused"),
    app("B", 2, "refused"), app("B", 4, "hired"), app("B", 7, "hired"),
    app("C", 6, "refused"),
    app("A", 2, "hired", MAY), app("A", 1, "hired", MAY),
    app("D", 5, "hired", MAY),
    app("E", 1, "applied", MAY), app("F", None, "hired", MAY),
]


def test_one_query():
    assert query_scores([(1, True), (3, False)]) == (0.2, 1.0)
    assert query_scores([(2, False), (4, True), (7, True)]) == (0.2, 0.25)
    assert query_scores([(6, False)]) == (0.0, 0.0)


def test_per_month_and_overall_on_the_hand_worked_fixture():
    q = match_quality(FIXTURE)
    april, may = q["periods"]
    assert april == {"period": "2026-04", "queries": 3, "applications": 6, "hired": 3,
                     "precision_at_5": 0.1333, "mrr": 0.4167}
    assert may == {"period": "2026-05", "queries": 2, "applications": 3, "hired": 3,
                   "precision_at_5": 0.3, "mrr": 0.6}
    assert q["overall"] == {"queries": 5, "applications": 9, "hired": 6, "precision_at_5": 0.2, "mrr": 0.49}


def test_the_month_is_chinas():
    late = datetime(2026, 4, 30, 17, tzinfo=timezone.utc)  # 1 May, 01:00 in China
    assert match_quality([app("A", 1, "hired", late)])["periods"][0]["period"] == "2026-05"


def test_nothing_decided_yet():
    assert match_quality([app("E", 1, "applied")]) == {
        "k": 5, "periods": [], "overall": {"queries": 0, "applications": 0, "hired": 0,
                                           "precision_at_5": None, "mrr": None}}


# ---- recording the rank, and the use case ---------------------------------------------------
ADMIN = actor("county_admin")


@pytest.fixture
def uow():
    u = FakeJobsUnitOfWork()
    e = employers_uc.register_employer(u, employer_body(), ADMIN, APRIL)
    u.ids = {}
    for title, skills in (("钢筋工", ["钢筋"]), ("电子厂普工", []), ("厨师", ["厨师"])):
        p = postings_uc.create_posting(u, posting_body(e["_id"], APRIL.date(), title=title,
                                                       requirements={"skills": skills}), ADMIN, APRIL)
        postings_uc.submit(u, p["_id"], ADMIN, APRIL)
        postings_uc.review(u, p["_id"], "approve", None, ADMIN, None, APRIL)
        u.ids[title] = p["_id"]
    for pid, town, village in (("w", TOWN, VILLAGE), ("far", OTHER_TOWN, OTHER_VILLAGE)):
        u.workers.put({"_id": pid, "township_code": town, "village_code": village, "sex": "male",
                       "birth_date": "1990-03-01", "status": "surplus", "education": "junior_high",
                       "skills": ["钢筋工"], "job_intention": "钢筋工", "trainings": []})
    return u


def test_an_application_remembers_the_postings_place_in_the_workers_match_list(uow):
    listed = matching_uc.matches_for_worker(uow, "w", ADMIN, APRIL.date())["items"]
    cook = placements_uc.record_application(uow, {"person_id": "w", "posting_id": uow.ids["厨师"]}, ADMIN, APRIL)
    place = [i["posting_id"] for i in listed].index(uow.ids["厨师"]) + 1
    assert (cook["match_rank"], cook["match_score"], cook["match_list_size"]) == (place, listed[place - 1]["score"], 3)
    assert uow.applications.get(cook["_id"])["match_rank"] == place == 3
    rebar = placements_uc.record_application(uow, {"person_id": "w", "posting_id": uow.ids["钢筋工"]}, ADMIN, APRIL)
    assert rebar["match_rank"] == 1


def test_the_use_case_measures_the_actors_region(uow):
    for pid, title, outcome in (("w", "钢筋工", "hired"), ("w", "厨师", "lacking_skills"), ("far", "电子厂普工", "hired")):
        a = placements_uc.record_application(uow, {"person_id": pid, "posting_id": uow.ids[title]}, ADMIN, APRIL)
        placements_uc.record_outcome(uow, a["_id"], outcome, None, ADMIN, APRIL + timedelta(days=3))
    county = matching_uc.match_quality(uow, ADMIN)
    assert county["overall"]["queries"] == 2 and county["overall"]["hired"] == 2
    mine = matching_uc.match_quality(uow, actor("township_staff"))
    # w: hired at 1, refused at 3 -> P@5 0.2, RR 1
    assert mine["overall"] == {"queries": 1, "applications": 2, "hired": 1, "precision_at_5": 0.2, "mrr": 1.0}
    with pytest.raises(NotAllowed):
        matching_uc.match_quality(uow, actor("worker"))
