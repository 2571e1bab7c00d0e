"""Evaluation's pages rendered with the fakes (no servers): each page for each role that may
use it renders in Chinese with no untranslated code shown, forms post through the same use
cases, and roles that may not use a page get 403."""
import re
from types import SimpleNamespace

import pytest
from flask import Flask, g, request

from services.common.errors import install_error_handlers
from services.common.ui import install_ui
from services.evaluation.domain.indicators import INDICATORS
from services.evaluation.service_layer import awards as awards_uc
from services.evaluation.service_layer import indicators as indicators_uc
from services.evaluation.ui import assessment_pages, award_pages, dashboard, report_pages  # noqa: F401
from services.evaluation.ui.common import bp as pages_bp
from tests.support.evaluation_fakes import FakeEvaluationUnitOfWork, registered, status_changed
from tests.support.factories import TOWN, actor

PAGES = {
    "/ui/evaluation/dashboard": ("county_admin", "leader"),
    "/ui/evaluation/targets": ("county_admin", "leader", "township_staff"),
    "/ui/evaluation/assessment": ("county_admin", "leader"),
    "/ui/evaluation/reports": ("county_admin", "leader", "township_staff"),
    "/ui/evaluation/awards": ("county_admin", "leader", "township_staff"),
    "/ui/evaluation/model-cases": ("county_admin", "leader", "township_staff"),
}
ROLES = ("county_admin", "leader", "township_staff", "village_liaison", "police_officer", "worker")
CODES = re.compile(r">\s*(county_admin|township_staff|submitted|draft|accepted|returned|commended|"
                   r"criticized|nominated|shortlisted|awarded|model_case|media_report|annual|"
                   r"half-year|monthly|registered|exported|working_outside|labor_income|none)\s*<")


@pytest.fixture(scope="module")
def app():
    app = Flask("evaluation")  # built once (it is most of a test's time); each test brings its fakes
    install_error_handlers(app, app.logger)
    install_ui(app)
    app.register_blueprint(pages_bp)

    @app.before_request
    def as_role():  # the gateway's token, as a test header
        role = request.headers.get("X-Role", "county_admin")
        g.user = actor(role)
        g.request_id = "test"
    return app


@pytest.fixture()
def client(app):
    uow = FakeEvaluationUnitOfWork()
    for e in (registered(person_id="e1"), status_changed(person_id="e1", to="entrepreneur",
                                                         at="2026-04-01T00:00:00Z")):
        indicators_uc.apply_event(uow, e)
    app.extensions["evaluation"] = SimpleNamespace(uow=lambda: uow)
    app.config["uow"] = uow
    return app.test_client()


def get(client, url, role):
    return client.get(url, headers={"X-Role": role})


@pytest.mark.parametrize("url", sorted(PAGES))
def test_each_page_renders_in_chinese_for_exactly_its_roles(client, url):
    for role in ROLES:
        r = get(client, url + "?year=2026", role)
        if role in PAGES[url]:
            html = r.get_data(as_text=True)
            assert r.status_code == 200, (role, html[:500])
            assert 'lang="zh-CN"' in html and "<h1>" in html
            assert not CODES.search(html), (role, CODES.search(html).group(0))
        else:
            assert r.status_code == 403, (url, role)


def test_the_dashboard_draws_the_ranking_and_trends_as_svg(client):
    html = get(client, "/ui/evaluation/dashboard?year=2026", "leader").get_data(as_text=True)
    assert html.count('class="bar"') == 16 and "<polyline" in html
    assert "城关镇" in html and "输出基地" in html
    # drawn here: no chart script, nothing fetched from the network
    assert "://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_a_township_saves_and_submits_its_monthly_report_through_the_form(client):
    url = "/ui/evaluation/reports/monthly/2026-03"
    r = client.post(url, data={"narrative": "", "action": "submit"}, headers={"X-Role": "township_staff"})
    assert r.status_code == 400 and "上报前须填写工作总结" in r.get_data(as_text=True)
    r = client.post(url, data={"narrative": "三月份输出 20 人", "problems": "无", "action": "submit"},
                    headers={"X-Role": "township_staff"})
    assert r.status_code == 303 and "done=submitted" in r.headers["Location"]
    html = get(client, f"{url}/{TOWN}", "county_admin").get_data(as_text=True)
    assert "已上报" in html and 'id="accept"' in html
    r = client.post(f"{url}/{TOWN}/accept", headers={"X-Role": "county_admin"})
    assert r.status_code == 303
    summary = get(client, "/ui/evaluation/reports?period_type=monthly&period=2026-03", "leader")
    assert "已采纳" in summary.get_data(as_text=True)
    xlsx = get(client, f"{url}/summary.xlsx", "county_admin")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_targets_rule_manual_score_and_publication_through_the_forms(client):
    r = client.post("/ui/evaluation/targets?year=2026", data={f"t|{TOWN}|registered": "10"})
    assert r.status_code == 303
    r = client.post("/ui/evaluation/targets?year=2026", data={f"t|{TOWN}|registered": "多"})
    assert r.status_code == 400 and "须为数字" in r.get_data(as_text=True)
    r = client.post("/ui/evaluation/assessment/manual?year=2026&period=annual",
                    data={"unit_code": TOWN, "indicator": "organization", "rate": "0.5", "evidence": ""})
    assert r.status_code == 400 and "至少 4 个字" in r.get_data(as_text=True)
    r = client.post("/ui/evaluation/assessment/manual?year=2026&period=annual",
                    data={"unit_code": TOWN, "indicator": "organization", "rate": "1", "evidence": "领导小组健全"})
    assert r.status_code == 303
    r = client.post("/ui/evaluation/assessment/publish?year=2026&period=annual&group=township",
                    data={"note": "年终考评", f"mark|{TOWN}": "commended", f"was|{TOWN}": "commended"})
    assert r.status_code == 303
    html = get(client, "/ui/evaluation/assessment?year=2026", "leader").get_data(as_text=True)
    assert 'id="published"' in html and "年终考评" in html
    assert get(client, "/ui/evaluation/assessment?year=2026", "leader").status_code == 200


def test_a_nomination_and_its_award_through_the_forms(client):
    r = client.post("/ui/evaluation/awards?year=2026", headers={"X-Role": "township_staff"},
                    data={"person_id": "e1", "display_name": "张某某", "business": "香菇合作社",
                          "deeds": "带动本村四十户种植香菇增收"})
    assert r.status_code == 303, r.get_data(as_text=True)[:300]
    uow = client.application.config["uow"]
    [n] = awards_uc.nominations(uow, actor("county_admin"), 2026)
    assert client.post(f"/ui/evaluation/awards/{n['_id']}/shortlist").status_code == 303
    assert client.post(f"/ui/evaluation/awards/{n['_id']}/award").status_code == 303
    assert "已授予" in get(client, "/ui/evaluation/awards?year=2026", "leader").get_data(as_text=True)


def test_a_media_report_is_recorded_through_the_form(client):
    r = client.post("/ui/evaluation/model-cases", headers={"X-Role": "township_staff"},
                    data={"kind": "media_report", "title": "城关镇输出经验", "on": "2026-05-01", "medium": ""})
    assert r.status_code == 400 and "媒体报道须填写媒体名称" in r.get_data(as_text=True)
    r = client.post("/ui/evaluation/model-cases", headers={"X-Role": "township_staff"},
                    data={"kind": "media_report", "title": "城关镇输出经验", "on": "2026-05-01",
                          "medium": "南阳日报"})
    assert r.status_code == 303
    assert "本年媒体报道 1 篇" in get(client, "/ui/evaluation/model-cases?year=2026", "leader").get_data(as_text=True)


def test_every_indicator_label_used_by_the_pages_is_chinese():
    assert all(not label.isascii() for label in INDICATORS.as_dict().values())


def test_each_page_is_in_the_menu_of_exactly_the_roles_its_route_admits():
    from gateway.ui.menu import EVALUATION_MENUS, INDICATORS, MENUS
    for url, roles in PAGES.items():
        in_menu = {role for role, items in EVALUATION_MENUS.items() if url in [u for _, u in items]}
        assert in_menu == set(roles), url
    # and the 指标统计 page for the roles its route admits (its readers)
    assert {r for r, items in MENUS.items() if INDICATORS in items} == set(indicators_uc.READERS)
