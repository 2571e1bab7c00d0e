"""The leaders' dashboard: the ranking as a bar chart, monthly trend lines per indicator and
the county's progress to its 2007–2009 goals, drawn server-side as SVG."""
from services.common.auth import current_user, require_roles
from services.common.ui import render_page

from ..domain.calendar import months_of_year
from ..service_layer import assessment as assessment_uc
from ..service_layer import indicators as indicators_uc
from .charts import bar_chart, line_chart, progress_bar
from .common import LABELS, bp, choice_arg, uow, year_arg

TRENDS = ("registered", "exported", "working_outside", "trainings", "placements", "labor_income")


@bp.get("/dashboard")
@require_roles(*assessment_uc.ASSESSMENT_READERS)
def dashboard():
    """领导看板:考评排名、逐月趋势、县目标进度。"""
    user = current_user()
    year = year_arg()
    period = choice_arg("period", LABELS["ASSESSMENT_PERIODS"], "annual")
    trend = choice_arg("trend", TRENDS, "exported")
    result = assessment_uc.assessment(uow(), user, year, period, "township")
    rows = result["rows"]
    names = LABELS["unit_name"]
    ranking_svg = bar_chart([(names(r["unit_code"]), r["score"]) for r in rows],
                            f"{year} 年乡镇考评得分", highlight={names(r["unit_code"]) for r in rows
                                                               if r["mark"] == "criticized"})
    series = indicators_uc.monthly_series(uow(), user, year, trend)
    companion = "working_outside" if trend != "working_outside" else "registered"
    other = indicators_uc.monthly_series(uow(), user, year, companion)
    trend_svg = line_chart(months_of_year(year), [(series["label"], series["values"]),
                                                  (other["label"], other["values"])],
                           f"{year} 年逐月趋势")
    goals = assessment_uc.goal_progress(uow(), user, year)["goals"]
    for g in goals:
        g["bar"] = progress_bar(g["percent"])
    return render(year=year, period=period, trend=trend, trends=TRENDS, rows=rows,
                  ranking_svg=ranking_svg, trend_svg=trend_svg, goals=goals,
                  published=result["published"])


def render(**context):
    return render_page("evaluation/dashboard.html", **context, **LABELS)
