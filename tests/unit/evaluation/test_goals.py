"""The county's progress to its 2007–2009 goals, read from the indicator cells."""
from services.evaluation.service_layer import assessment as uc
from tests.support.evaluation_fakes import FakeEvaluationUnitOfWork
from tests.support.factories import actor


def test_progress_reads_levels_cumulative_flows_and_the_years_income():
    uow = FakeEvaluationUnitOfWork()
    add = uow.indicators.add
    add("bases", "411325100", "2007-05", 12)
    add("bases", "411325", "2008-02", 3)       # a county base without a township
    add("bases", "411325100", "2008-09", -1)   # one ended
    add("exported", "411325100", "2006-12", 999)  # before the goals' period: not counted
    add("exported", "411325100", "2007-03", 15000)
    add("exported", "411325101", "2008-03", 9000)
    add("working_outside", "411325100", "2007-01", 50000)
    add("labor_income", "411325100", "2007-12", 4e8)
    add("labor_income", "411325100", "2008-12", 5e8)
    goals = {g["goal"]: g for g in uc.goal_progress(uow, actor("leader"), 2008)["goals"]}
    assert goals["bases"]["actual"] == 14 and goals["bases"]["percent"] == 70.0
    assert goals["transferred"]["actual"] == 24000 and goals["transferred"]["percent"] == 60.0
    assert goals["working_outside"]["actual"] == 50000 and goals["working_outside"]["percent"] == 50.0
    assert goals["labor_income"]["actual"] == 5e8 and goals["labor_income"]["percent"] == 50.0
