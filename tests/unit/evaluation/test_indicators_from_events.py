"""Each consumed event moves exactly its cells, once; any arrival order gives the same cells."""
import itertools
import random

import pytest

from services.evaluation.domain.calendar import month_of
from services.evaluation.domain.indicators import INDICATORS, RULE_TYPES
from services.evaluation.service_layer import indicators as use_cases
from tests.support.evaluation_fakes import FakeEvaluationUnitOfWork, event, registered, status_changed
from tests.support.factories import OTHER_TOWN, TOWN, actor

P = dict(person_id="p1", township_code=TOWN)


def apply(*events):
    uow = FakeEvaluationUnitOfWork()
    for e in events:
        use_cases.apply_event(uow, e)
    return uow


def cells(*events) -> dict:
    return apply(*events).indicators.values()


EXAMPLES = {
    "person.registered": (registered(birth_date="2008-01-01"),
                          {f"registered|{TOWN}|2026-03": 1, f"new_entrants|{TOWN}|2026-03": 1}),
    "person.updated": (event("person.updated", **P, village_code=TOWN + "201", sex="male",
                             birth_date="1990-01-01", status="migrant", education=None, skills=[],
                             job_intention=None, changed_fields=["status"],
                             updated_at="2026-05-02T00:00:00Z"),
                       {f"working_outside|{TOWN}|2026-05": 1}),
    "person.status_changed": (status_changed(organized=False),
                              {f"exported|{TOWN}|2026-04": 1, f"exported_self|{TOWN}|2026-04": 1,
                               f"working_outside|{TOWN}|2026-04": 1}),
    "training.recorded": (event("training.recorded", **P, training_id="t1", course="电焊", hours=40,
                                certified=True, ended_on="2026-06-30", recorded_at="2026-07-01T00:00:00Z"),
                          {f"trainings|{TOWN}|2026-06": 1, f"trainings_certified|{TOWN}|2026-06": 1}),
    "migration.recorded": (event("migration.recorded", **P, migration_id="m1", organized=False,
                                 destination="pearl_delta", city="东莞", start_date="2026-02-20",
                                 monthly_income=3000, recorded_at="2026-03-01T00:00:00Z"),
                           {f"migrations|{TOWN}|2026-02": 1, f"working_outside|{TOWN}|2026-02": 1}),
    "income.reported": (event("income.reported", **P, year=2026, amount=12000.5,
                              reported_at="2026-12-01T00:00:00Z"),
                        {f"labor_income|{TOWN}|2026-12": 12000.5}),
    "data_quality.measured": (event("data_quality.measured", township_code=TOWN,
                                    measured_at="2026-06-30T08:00:00Z", persons=100,
                                    completeness=0.9, confirmed_within_year=0.5),
                              {f"data_quality|{TOWN}|2026-06": 0.45}),
    "posting.published": (event("posting.published", posting_id="j1", employer_id="e1",
                                agency_id=None, title="普工", industry="制造", work_region="440300",
                                headcount=30, salary_min=3000, salary_max=5000, filing_number="F1",
                                published_at="2026-03-03T00:00:00Z", posting_version=1),
                          {"postings|411325|2026-03": 1, "posting_headcount|411325|2026-03": 30}),
    "base.established": (event("base.established", base_id="b1", employer_id="e1", name="基地",
                               township_code=TOWN, on="2026-01-15"),
                         {f"bases|{TOWN}|2026-01": 1}),
    "base.ended": (event("base.ended", base_id="b1", employer_id="e1", name="基地",
                         township_code=TOWN, on="2026-01-15"), {}),
    "order.created": (event("order.created", order_id="o1", employer_id="e1", headcount=10,
                            departure_date="2026-03-01", at="2026-02-10T00:00:00Z"),
                      {"orders|411325|2026-02": 1}),
    "placement.made": (event("placement.made", placement_id="pl1", **P, employer_id="e1",
                             employer_name="某厂", city="苏州", posting_id=None, order_id="o1",
                             start_date="2026-03-05", monthly_wage=3500, organized=True,
                             placed_at="2026-03-04T00:00:00Z"),
                       {f"placements|{TOWN}|2026-03": 1, f"working_outside|{TOWN}|2026-03": 1}),
    "case.opened": (event("case.opened", case_id="c1", category="wage_arrears", channel="hotline",
                          township_code=None, respondent_type="employer", respondent_id=None,
                          amount_claimed=5000, opened_at="2026-03-01T00:00:00Z"),
                    {"cases_opened|411325|2026-03": 1}),
    "case.closed": (event("case.closed", case_id="c1", category="wage_arrears", township_code=TOWN,
                          respondent_type="employer", respondent_id=None, substantiated=True,
                          outcome="wages_recovered", wages_recovered=4800, compensation=0,
                          closed_at="2026-04-01T00:00:00Z"),
                    {f"cases_closed|{TOWN}|2026-04": 1, f"wages_recovered|{TOWN}|2026-04": 4800}),
    "model_case.recorded": (event("model_case.recorded", model_case_id="m1", township_code=TOWN,
                                  kind="media_report", on="2026-05-09",
                                  recorded_at="2026-05-10T00:00:00Z"),
                            {f"media_reports|{TOWN}|2026-05": 1}),
}


def test_every_consumed_type_has_a_worked_example():
    assert set(EXAMPLES) == set(RULE_TYPES)


@pytest.mark.parametrize("type_", sorted(EXAMPLES))
def test_an_event_moves_exactly_its_cells_by_exactly_its_amount(type_):
    ev, expected = EXAMPLES[type_]
    assert cells(ev) == expected


def test_every_indicator_has_a_chinese_label():
    for code, label in INDICATORS.items():
        assert label and not label.isascii(), code


def test_months_are_local_time():
    # 20:00 UTC on 31 January is 04:00 on 1 February in Neixiang
    assert month_of("2026-01-31T20:00:00Z") == "2026-02"
    assert month_of("2026-01-31") == "2026-01"


def test_an_event_of_no_interest_moves_nothing():
    assert cells(event("posting.withdrawn", posting_id="j1", reason="x", withdrawn_at="2026-01-01T00:00:00Z",
                       posting_version=2)) == {}


# ---- out of order -------------------------------------------------------------------------
def life_of_a_worker() -> list[dict]:
    """Registered in March, out in April (organized), back in July, out again in September."""
    return [registered(),
            status_changed(at="2026-04-01T02:00:00Z"),
            status_changed(frm="migrant", to="returned", at="2026-07-01T02:00:00Z"),
            status_changed(frm="returned", to="migrant", organized=False, at="2026-09-01T02:00:00Z")]


def test_every_arrival_order_gives_the_same_cells():
    events = life_of_a_worker()
    results = {tuple(sorted(cells(*order).items())) for order in itertools.permutations(events)}
    assert len(results) == 1
    [result] = results
    assert dict(result) == {
        f"registered|{TOWN}|2026-03": 1,
        f"exported|{TOWN}|2026-04": 1, f"exported_organized|{TOWN}|2026-04": 1,
        f"exported|{TOWN}|2026-09": 1, f"exported_self|{TOWN}|2026-09": 1,
        f"working_outside|{TOWN}|2026-04": 1, f"working_outside|{TOWN}|2026-07": -1,
        f"working_outside|{TOWN}|2026-09": 1}


def test_working_outside_is_a_level_read_at_each_months_end():
    uow = apply(*reversed(life_of_a_worker()))
    series = use_cases.monthly_series(uow, actor("county_admin"), 2026, "working_outside")
    assert series["values"] == [0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1]


def test_a_late_status_change_is_slotted_in_where_it_happened():
    uow = FakeEvaluationUnitOfWork()
    use_cases.apply_event(uow, status_changed(to="migrant", at="2026-02-01T00:00:00Z"))
    # the person moved township in May; the news arrives after a later return home
    use_cases.apply_event(uow, status_changed(frm="migrant", to="returned", town=OTHER_TOWN,
                                              at="2026-08-01T00:00:00Z"))
    use_cases.apply_event(uow, status_changed(frm="migrant", to="migrant", town=OTHER_TOWN,
                                              at="2026-05-01T00:00:00Z"))
    table = use_cases.indicators_for_year(uow, actor("county_admin"), 2026)
    by_town = {r["township_code"]: r for r in table["townships"]}
    assert by_town[TOWN]["working_outside"] == 0 and by_town[OTHER_TOWN]["working_outside"] == 0
    may = {k: v for k, v in uow.indicators.values().items() if "working_outside" in k}
    assert may == {f"working_outside|{TOWN}|2026-02": 1, f"working_outside|{TOWN}|2026-05": -1,
                   f"working_outside|{OTHER_TOWN}|2026-05": 1,
                   f"working_outside|{OTHER_TOWN}|2026-08": -1}


def test_a_persons_income_counts_once_per_year_the_latest_report_wins():
    first = event("income.reported", **P, year=2026, amount=10000, reported_at="2026-11-01T00:00:00Z")
    fixed = event("income.reported", **P, year=2026, amount=12000, reported_at="2026-11-20T00:00:00Z")
    for order in ([first, fixed], [fixed, first]):
        assert cells(*order) == {f"labor_income|{TOWN}|2026-11": 12000}


def test_a_posting_counts_once_in_the_month_it_was_first_published():
    def published(at, version):
        return event("posting.published", posting_id="j1", employer_id="e1", agency_id=None,
                     title="普工", industry="制造", work_region=TOWN, headcount=5, salary_min=1,
                     salary_max=2, filing_number="F", published_at=at, posting_version=version)
    for order in ([published("2026-03-01T00:00:00Z", 1), published("2026-05-01T00:00:00Z", 2)],
                  [published("2026-05-01T00:00:00Z", 2), published("2026-03-01T00:00:00Z", 1)]):
        assert cells(*order) == {f"postings|{TOWN}|2026-03": 1, f"posting_headcount|{TOWN}|2026-03": 5}


def test_the_latest_quality_measurement_of_the_year_is_the_years_figure():
    def measured(at, c):
        return event("data_quality.measured", township_code=TOWN, measured_at=at, persons=10,
                     completeness=c, confirmed_within_year=1.0)
    uow = apply(measured("2026-06-30T00:00:00Z", 0.8), measured("2026-11-30T00:00:00Z", 0.95),
                measured("2026-11-02T00:00:00Z", 0.5))
    row = use_cases.indicators_for_year(uow, actor("county_admin"), 2026)["townships"][0]
    assert row["data_quality"] == 0.95


def test_a_random_shuffle_of_many_events_matches_the_ordered_run():
    rng = random.Random(7)
    events = []
    for i in range(40):
        pid, town = f"p{i}", rng.choice([TOWN, OTHER_TOWN])
        events.append(registered(person_id=pid, town=town))
        day = 1
        status = "surplus"
        for _ in range(rng.randint(0, 4)):
            to = "returned" if status == "migrant" else "migrant"
            day += rng.randint(1, 60)
            at = f"2026-{1 + day // 31 % 12:02d}-{1 + day % 28:02d}T00:00:00Z"
            events.append(status_changed(person_id=pid, town=town, frm=status, to=to, at=at))
            status = to
    ordered = cells(*events)
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert cells(*shuffled) == ordered


def test_township_staff_read_only_their_own_township():
    uow = apply(registered(person_id="a"), registered(person_id="b", town=OTHER_TOWN))
    mine = use_cases.indicators_for_year(uow, actor("township_staff"), 2026)
    assert [r["township_code"] for r in mine["townships"]] == [TOWN]
    everyone = use_cases.indicators_for_year(uow, actor("leader"), 2026)
    assert len(everyone["townships"]) == 2 and everyone["totals"]["registered"] == 2


def test_other_roles_may_not_read_indicators():
    from services.common.domain.errors import NotAllowed
    with pytest.raises(NotAllowed):
        use_cases.indicators_for_year(FakeEvaluationUnitOfWork(), actor("worker"), 2026)
