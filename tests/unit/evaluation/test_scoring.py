"""Scoring arithmetic and caps on a fixture worked out by hand, ties, marks, the published list
and who may do what."""
import pytest

from services.common.domain.errors import Duplicate, InvalidField, NotAllowed
from services.evaluation.domain.scoring import rank
from services.evaluation.service_layer import assessment as uc
from tests.support.evaluation_fakes import FakeEvaluationUnitOfWork
from tests.support.factories import actor

A, B, C, D = "411325100", "411325101", "411325102", "411325103"
ADMIN = actor("county_admin")

RULE = {"cap": 1.2, "half_year_share": 0.5, "commend_top": 3, "criticize_below": 60,
        "items": [{"indicator": "exported", "weight": 40},
                  {"indicator": "labor_income", "weight": 30},
                  {"indicator": "data_quality", "weight": 10},
                  {"indicator": "organization", "weight": 20}]}

# by hand (weight × min(actual/target, cap)):
#   A: exported 150/100 → cap 1.2 → 48; income 0.8 → 24; quality 0.9/0.9 → 10; org 0.9 → 18 = 100
#   B: exported 100/100 → 40; income 1.1 → 33; quality 0.81/0.9 → 9; org 0.9 → 18        = 100
#   C: exported 0.5 → 20; income 0.5 → 15; quality 1.0 → 10; org 0.75 → 15                  = 60
#   D: exported 1.2 → 48; income 0 → 0; quality none → 0; org 0.5 → 10                       = 58
ACTUALS = {A: (150, 800_000, 0.9), B: (100, 1_100_000, 0.81), C: (50, 500_000, 0.9), D: (120, 0, None)}
ORG = {A: 0.9, B: 0.9, C: 0.75, D: 0.5}
EXPECTED = {A: 100.0, B: 100.0, C: 60.0, D: 58.0}


def fixture() -> FakeEvaluationUnitOfWork:
    uow = FakeEvaluationUnitOfWork()
    uc.set_rule(uow, ADMIN, 2026, RULE)
    rows = []
    for town in ACTUALS:
        rows += [{"unit_code": town, "indicator": "exported", "value": 100},
                 {"unit_code": town, "indicator": "labor_income", "value": 1_000_000},
                 {"unit_code": town, "indicator": "data_quality", "value": 0.9}]
    uc.set_targets(uow, ADMIN, 2026, rows)
    for town, (exported, income, quality) in ACTUALS.items():
        # spread over the year: the half-year gets the March part only
        uow.indicators.add("exported", town, "2026-03", exported // 2)
        uow.indicators.add("exported", town, "2026-09", exported - exported // 2)
        if income:
            uow.indicators.add("labor_income", town, "2026-12", income)
        if quality is not None:
            uow.indicators.add("data_quality", town, "2026-05", 0.3)   # superseded by
            uow.indicators.add("data_quality", town, "2026-11", quality)  # the year's latest
        uc.score_manual(uow, ADMIN, 2026, "annual", town, "organization", ORG[town], "有领导小组和专职人员")
    return uow


def test_hand_worked_scores_caps_and_ranks():
    result = uc.assessment(fixture(), actor("leader"), 2026, "annual")
    by = {r["unit_code"]: r for r in result["rows"]}
    assert {t: by[t]["score"] for t in EXPECTED} == EXPECTED
    a_items = {i["indicator"]: i for i in by[A]["items"]}
    assert a_items["exported"]["rate"] == 1.5 and a_items["exported"]["points"] == 48  # capped
    assert a_items["organization"]["points"] == 18 and a_items["organization"]["manual"]
    assert [(r["unit_code"], r["rank"]) for r in result["rows"][:4]] == [(A, 1), (B, 1), (C, 3), (D, 4)]
    assert by[A]["tied"] and by[B]["tied"] and not by[C]["tied"]
    assert [by[t]["mark"] for t in (A, B, C, D)] == ["commended", "commended", "commended", "criticized"]
    # the 12 townships with nothing share rank 5 and are criticized
    rest = [r for r in result["rows"] if r["unit_code"] not in EXPECTED]
    assert len(rest) == 12 and {r["rank"] for r in rest} == {5} and {r["score"] for r in rest} == {0}
    assert all(r["mark"] == "criticized" for r in rest)


def test_half_year_compares_flows_with_half_the_annual_target():
    uow = fixture()
    uc.score_manual(uow, ADMIN, 2026, "half-year", A, "organization", 1.0, "半年检查台账齐全")
    by = {r["unit_code"]: r for r in uc.assessment(uow, ADMIN, 2026, "half-year")["rows"]}
    items = {i["indicator"]: i for i in by[A]["items"]}
    # exported 75 of 50 → capped 48; no income yet → 0; quality 0.3/0.9 → 3.33; org 1.0 → 20
    assert items["exported"]["target"] == 50 and items["exported"]["points"] == 48
    assert items["data_quality"]["points"] == 3.33
    assert by[A]["score"] == 71.33


def test_ties_share_a_rank_the_next_rank_skips_and_all_tied_into_the_top_three_are_commended():
    rows = [{"unit_code": c, "score": s} for c, s in
            (("x1", 90), ("x2", 80), ("x3", 70), ("x4", 70), ("x5", 65), ("x6", 10))]
    ranked = rank(rows, {"commend_top": 3, "criticize_below": 60})
    assert [(r["unit_code"], r["rank"], r["mark"]) for r in ranked] == [
        ("x1", 1, "commended"), ("x2", 2, "commended"), ("x3", 3, "commended"),
        ("x4", 3, "commended"), ("x5", 5, "none"), ("x6", 6, "criticized")]


def test_a_top_three_score_below_the_line_is_criticized_not_commended():
    ranked = rank([{"unit_code": "a", "score": 50}, {"unit_code": "b", "score": 40}],
                  {"commend_top": 3, "criticize_below": 60})
    assert [r["mark"] for r in ranked] == ["criticized", "criticized"]


def test_publication_stores_the_confirmed_list_once_and_announces_it():
    uow = fixture()
    published = uc.publish_ranking(uow, ADMIN, 2026, "annual", "township", marks={D: "none"},
                                   note="经县领导小组研究")
    by = {r["unit_code"]: r for r in published["rows"]}
    assert by[D]["mark"] == "none" and by[D]["computed_mark"] == "criticized"
    [ev] = uow.events_of("ranking.published")
    assert ev["data"]["year"] == 2026 and ev["data"]["period"] == "annual"
    assert {r["township_code"]: r["mark"] for r in ev["data"]["ranks"]}[A] == "commended"
    with pytest.raises(Duplicate):
        uc.publish_ranking(uow, ADMIN, 2026, "annual", "township")
    assert len(uow.events_of("ranking.published")) == 1
    # townships read what was published (not the draft assessment)
    assert uc.published_rankings(uow, actor("township_staff"), 2026)[0]["rows"]
    with pytest.raises(NotAllowed):
        uc.assessment(uow, actor("township_staff"), 2026, "annual")


def test_only_the_county_office_sets_targets_rules_scores_and_publishes():
    uow = FakeEvaluationUnitOfWork()
    for who in ("leader", "township_staff"):
        with pytest.raises(NotAllowed):
            uc.set_targets(uow, actor(who), 2026, [{"unit_code": A, "indicator": "exported", "value": 1}])
        with pytest.raises(NotAllowed):
            uc.set_rule(uow, actor(who), 2026, RULE)
        with pytest.raises(NotAllowed):
            uc.score_manual(uow, actor(who), 2026, "annual", A, "organization", 1, "依据充分")
        with pytest.raises(NotAllowed):
            uc.publish_ranking(uow, actor(who), 2026, "annual", "township")
    assert not uow.targets.rows and not uow.rules.rows and not uow.published


def test_bad_values_name_their_field():
    uow = FakeEvaluationUnitOfWork()
    with pytest.raises(InvalidField) as e:
        uc.set_targets(uow, ADMIN, 2026, [{"unit_code": "999999999", "indicator": "exported", "value": 1}])
    assert "targets[0].unit_code" in e.value.fields
    with pytest.raises(InvalidField) as e:
        uc.set_rule(uow, ADMIN, 2026, {"cap": 1.2, "items": [{"indicator": "nope", "weight": 1}]})
    assert "items[0].indicator" in e.value.fields
    with pytest.raises(InvalidField) as e:
        uc.score_manual(uow, ADMIN, 2026, "annual", A, "organization", 0.5, "")
    assert "evidence" in e.value.fields
    with pytest.raises(InvalidField) as e:
        uc.score_manual(uow, ADMIN, 2026, "annual", A, "exported", 0.5, "依据充分")
    assert "indicator" in e.value.fields


def test_township_staff_see_only_their_own_targets():
    uow = fixture()
    mine = uc.get_targets(uow, actor("township_staff"), 2026)
    assert {t["unit_code"] for t in mine} == {A}
    assert len(uc.get_targets(uow, actor("leader"), 2026)) == 12


def test_county_units_are_ranked_in_their_own_group():
    uow = fixture()
    uc.score_manual(uow, ADMIN, 2026, "annual", "county_labor", "organization", 1.0, "牵头协调有力")
    rows = uc.assessment(uow, ADMIN, 2026, "annual", "county_unit")["rows"]
    assert rows[0]["unit_code"] == "county_labor" and rows[0]["score"] == 20
    assert all(not r["unit_code"].isdigit() for r in rows)
