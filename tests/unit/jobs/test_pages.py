"""The jobs office pages rendered by the service's own app over the fakes (no servers): bases,
orders, liaison stations, an employer's page, applications and placements. Each form posts to
the API's use case, shows a refusal next to its field with what was typed, carries the CSRF
token, and each page answers only the roles its route admits."""
import re
from datetime import date, timedelta

import pytest

from services.jobs.app import build_app
from services.jobs.service_layer import employers as employers_uc
from services.jobs.service_layer import postings as postings_uc
from tests.support.factories import OTHER_TOWN, TOWN, VILLAGE, actor
from tests.support.jobs_fakes import FakeJobsUnitOfWork, employer_body, posting_body
from tests.support.pages import as_test_users, shared_app

USERS = {r: actor(r) for r in ("county_admin", "township_staff", "village_liaison", "leader", "worker")}
USERS["other_town"] = actor("township_staff", region=OTHER_TOWN)
ADMIN, STAFF = USERS["county_admin"], USERS["township_staff"]
TODAY = date.today()
SOON = (TODAY + timedelta(days=20)).isoformat()


class FakeJobs:
    def __init__(self):
        self.shared = FakeJobsUnitOfWork()

    def uow(self):
        return self.shared

    def index_posting(self, posting):
        pass

    def open_postings(self, today):
        return self.shared.postings.open_on(today.isoformat())


@pytest.fixture
def jobs(monkeypatch):
    # the registry's public region list, as the pages' cached fetcher answers it (no server)
    monkeypatch.setattr("services.jobs.ui.common._regions.get",
                        lambda url: {"townships": [{"code": TOWN, "name": "城关镇"}]})
    j = FakeJobs()
    u = j.shared
    j.employer = employers_uc.register_employer(u, employer_body(), ADMIN)
    p = postings_uc.create_posting(u, posting_body(j.employer["_id"], TODAY), STAFF)
    postings_uc.submit(u, p["_id"], STAFF)
    j.posting = postings_uc.review(u, p["_id"], "approve", None, ADMIN)
    for pid, town, village in (("w1", TOWN, VILLAGE), ("far", OTHER_TOWN, OTHER_TOWN + "201")):
        u.workers.put({"_id": pid, "township_code": town, "village_code": village, "sex": "male",
                       "birth_date": "1990-01-01", "status": "surplus", "skills": [], "trainings": []})
    return j


@pytest.fixture(scope="module")
def app():
    # built once per session, shared by the jobs page modules; each test brings its fakes
    return as_test_users(shared_app("jobs", lambda: build_app(None)), USERS)


@pytest.fixture
def client(app, jobs):
    app.extensions["jobs"] = jobs
    return app.test_client()


def get(client, path, who, status=200):
    r = client.get(path, headers={"X-Test-User": who, "X-CSRF-Token": "tok-1"})
    assert r.status_code == status, r.get_data(as_text=True)[:800]
    return r.get_data(as_text=True)


def post(client, path, data, who):
    return client.post(path, data=data, headers={"X-Test-User": who, "X-CSRF-Token": "tok-1"})


def field_error(html, name) -> str:
    m = re.search(rf'id="error-{name}"[^>]*>([^<]*)<', html)
    return m.group(1) if m else ""


def created_id(r, key="created="):
    assert r.status_code == 303, r.get_data(as_text=True)[:800]
    return r.headers["Location"].split(key)[1]


# ---- output bases ------------------------------------------------------------------------
BASE = {"name": "苏州电子劳务输出基地", "agreement_from": "2026-01-01", "agreement_until": "2028-12-31",
        "quota": "200", "township_code": TOWN}


def test_an_order_through_a_base_names_it_and_counts_toward_its_quota(client, jobs):
    base_id = created_id(post(client, "/ui/jobs/bases", dict(BASE, employer_id=jobs.employer["_id"]), "county_admin"))
    r = post(client, "/ui/jobs/orders", order_form(jobs, base_id=base_id), "county_admin")
    order_id = r.headers["Location"].split("/ui/jobs/orders/")[1].split("?")[0]
    assert 'id="order-base">苏州电子劳务输出基地<' in get(client, f"/ui/jobs/orders/{order_id}", "leader")
    jobs.shared.orders.rows[order_id]["placed"] = 3
    assert re.search(r'class="num quota-use">3\(2%\)', get(client, "/ui/jobs/bases", "leader"))


def test_the_office_establishes_a_base_and_ends_it_with_the_reason(client, jobs):
    html = get(client, "/ui/jobs/bases", "county_admin")
    assert 'id="base-form"' in html and 'name="csrf_token" value="tok-1"' in html
    assert f'<option value="{TOWN}">城关镇</option>' in html
    base_id = created_id(post(client, "/ui/jobs/bases", dict(BASE, employer_id=jobs.employer["_id"]), "county_admin"))
    stored = jobs.shared.bases.get(base_id)
    assert stored["quota"] == 200 and stored["status"] == "established"
    assert jobs.shared.events_of("base.established")
    html = get(client, "/ui/jobs/bases", "leader")
    assert "苏州电子劳务输出基地" in html and "已建立" in html and 'id="base-form"' not in html
    assert f'id="end-{base_id}"' not in html  # the leader reads only

    r = post(client, f"/ui/jobs/bases/{base_id}/end", {"reason": "x"}, "county_admin")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and field_error(html, "end-reason") == "须说明终止原因(2-500 字)"
    assert 'name="reason" required maxlength="500" value="x"' in html
    assert jobs.shared.bases.get(base_id)["status"] == "established"
    assert post(client, f"/ui/jobs/bases/{base_id}/end", {"reason": "企业搬迁"}, "county_admin").status_code == 303
    html = get(client, "/ui/jobs/bases?status=ended", "county_admin")
    assert "已终止" in html and "企业搬迁" in html
    assert jobs.shared.events_of("base.ended")[0]["data"]["base_id"] == base_id


def test_a_refused_base_shows_each_reason_next_to_its_field_and_keeps_the_values(client, jobs):
    r = post(client, "/ui/jobs/bases", dict(BASE, employer_id=jobs.employer["_id"], quota="很多",
                                             name="苏州新基地"), "county_admin")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and field_error(html, "quota") and not jobs.shared.bases.rows
    assert 'value="苏州新基地"' in html
    r = post(client, "/ui/jobs/bases", dict(BASE, employer_id=jobs.employer["_id"], agreement_until="2025-01-01"),
             "county_admin")
    assert r.status_code == 400 and field_error(r.get_data(as_text=True), "agreement_until") == "须晚于协议开始日期"
    r = post(client, "/ui/jobs/bases", dict(BASE, employer_id="nobody"), "county_admin")
    assert r.status_code == 404 and field_error(r.get_data(as_text=True), "employer_id") == "不存在"


def test_only_the_county_office_establishes_or_ends_bases(client, jobs):
    for who in ("township_staff", "leader"):
        assert post(client, "/ui/jobs/bases", dict(BASE, employer_id=jobs.employer["_id"]), who).status_code == 403
    get(client, "/ui/jobs/bases", "village_liaison", status=403)
    assert not jobs.shared.bases.rows


# ---- orders ------------------------------------------------------------------------------
def order_form(jobs, **over):
    form = {"employer_id": jobs.employer["_id"], "position_title_1": "普工", "position_headcount_1": "2",
            "position_title_2": "电工", "position_headcount_2": "1", "required_training": "岗前安全培训",
            "departure_date": SOON}
    form.update(over)
    return form


def test_an_order_is_created_from_the_form_and_its_page_shows_progress_and_workflow(client, jobs):
    order_id = created_id(post(client, "/ui/jobs/orders", order_form(jobs), "county_admin"), "/ui/jobs/orders/")
    order_id = order_id.split("?")[0]
    stored = jobs.shared.orders.get(order_id)
    assert stored["headcount"] == 3 and [p["title"] for p in stored["positions"]] == ["普工", "电工"]
    html = get(client, f"/ui/jobs/orders/{order_id}", "township_staff")
    assert 'id="progress-form"' in html and 'id="close-form"' not in html  # closing is the office's
    assert '<progress max="3" value="0">' in html
    r = post(client, f"/ui/jobs/orders/{order_id}/progress", {"recruited": "2", "trained": "3"}, "township_staff")
    assert r.status_code == 400 and field_error(r.get_data(as_text=True), "trained") == "培训人数不能多于招收人数"
    assert post(client, f"/ui/jobs/orders/{order_id}/progress", {"recruited": "3", "trained": "2"},
                "township_staff").status_code == 303
    html = get(client, f"/ui/jobs/orders/{order_id}", "leader")
    assert '<progress max="3" value="2">' in html and "招收中" in html and 'id="progress-form"' not in html
    r = post(client, f"/ui/jobs/orders/{order_id}/close", {"reason": ""}, "county_admin")
    assert r.status_code == 400 and field_error(r.get_data(as_text=True), "reason")
    assert post(client, f"/ui/jobs/orders/{order_id}/close", {"reason": "企业取消"}, "township_staff").status_code == 403
    assert post(client, f"/ui/jobs/orders/{order_id}/close", {"reason": "企业取消"}, "county_admin").status_code == 303
    assert jobs.shared.orders.get(order_id)["status"] == "closed"


def test_a_refused_order_names_the_position_row_and_keeps_what_was_typed(client, jobs):
    r = post(client, "/ui/jobs/orders", order_form(jobs, position_headcount_2="两个"), "county_admin")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and field_error(html, "position_headcount_2") and not jobs.shared.orders.rows
    assert 'value="电工"' in html and 'value="岗前安全培训"' in html
    r = post(client, "/ui/jobs/orders", order_form(jobs, position_title_1="", position_headcount_1="",
                                                   position_title_2="", position_headcount_2=""), "county_admin")
    assert r.status_code == 400 and field_error(r.get_data(as_text=True), "position_title_1") == "至少填写一个岗位及人数"
    r = post(client, "/ui/jobs/orders", order_form(jobs, departure_date="2020-01-01"), "county_admin")
    assert r.status_code == 400 and field_error(r.get_data(as_text=True), "departure_date") == "已过去"
    assert post(client, "/ui/jobs/orders", order_form(jobs), "township_staff").status_code == 403
    assert 'id="order-form"' not in get(client, "/ui/jobs/orders", "township_staff")


# ---- stations and the employer's page -----------------------------------------------------
def test_a_station_is_registered_and_the_leader_sees_staff_phones_masked(client, jobs):
    r = post(client, "/ui/jobs/stations", {"name": "内乡县驻苏州联络站", "city": "苏州",
                                            "staff_name_1": "赵站长", "staff_phone_1": "1391234"}, "county_admin")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and field_error(html, "staff_phone_1") and 'value="赵站长"' in html
    created_id(post(client, "/ui/jobs/stations", {"name": "内乡县驻苏州联络站", "city": "苏州",
                                                  "staff_name_1": "赵站长", "staff_phone_1": "13912345678"},
                    "county_admin"))
    assert "13912345678" in get(client, "/ui/jobs/stations", "township_staff")
    html = get(client, "/ui/jobs/stations", "leader")
    assert "139********" in html and "13912345678" not in html and 'id="station-form"' not in html
    assert post(client, "/ui/jobs/stations", {"name": "某联络站", "city": "杭州"}, "township_staff").status_code == 403


def test_a_vetting_visit_is_recorded_on_the_employers_page(client, jobs):
    s = employers_uc.register_station(jobs.shared, {"name": "内乡县驻苏州联络站", "city": "苏州"}, ADMIN)
    page = f"/ui/jobs/employers/{jobs.employer['_id']}"
    html = get(client, page, "township_staff")
    assert 'id="visit-form"' in html and "13900000001" in html and "电子厂普工" in html
    future = (TODAY + timedelta(days=3)).isoformat()
    r = post(client, page + "/visits", {"station_id": s["_id"], "visited_on": future, "result": "sound",
                                        "findings": "宿舍整洁"}, "township_staff")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and field_error(html, "visited_on") == "不能是将来的日期" and "宿舍整洁" in html
    r = post(client, page + "/visits", {"station_id": s["_id"], "visited_on": TODAY.isoformat(),
                                        "result": "concerns", "findings": "宿舍拥挤"}, "township_staff")
    assert r.status_code == 303
    html = get(client, page, "leader")
    assert "有疑点" in html and "宿舍拥挤" in html and "139********" in html and "13900000001" not in html
    assert 'id="visit-form"' not in html
    assert post(client, page + "/visits", {"station_id": s["_id"], "visited_on": TODAY.isoformat(),
                                           "result": "sound"}, "leader").status_code == 403
    get(client, page, "village_liaison", status=403)


# ---- applications and placements ---------------------------------------------------------
def test_staff_record_an_application_from_the_match_list_then_the_outcome_and_the_placement(client, jobs):
    html = get(client, "/ui/jobs/matches?person_id=w1", "township_staff")
    assert 'action="/ui/jobs/applications"' in html and 'name="csrf_token" value="tok-1"' in html
    r = post(client, "/ui/jobs/applications", {"person_id": "w1", "posting_id": jobs.posting["_id"]}, "township_staff")
    app_id = r.headers["Location"].split("/ui/jobs/applications/")[1].split("?")[0]
    assert r.status_code == 303 and jobs.shared.applications.get(app_id)["status"] == "applied"
    html = get(client, f"/ui/jobs/applications/{app_id}", "township_staff")
    assert "电子厂普工" in html and 'id="outcome-form"' in html

    r = post(client, f"/ui/jobs/applications/{app_id}/outcome", {"outcome": "other", "reason": ""}, "township_staff")
    assert r.status_code == 400 and field_error(r.get_data(as_text=True), "reason")
    r = post(client, f"/ui/jobs/applications/{app_id}/outcome", {"outcome": "hired"}, "township_staff")
    assert r.status_code == 303 and r.headers["Location"] == f"/ui/jobs/applications/{app_id}/place"

    form = {"start_date": SOON, "monthly_wage": "", "organized_by": "township_station"}
    r = post(client, f"/ui/jobs/applications/{app_id}/place", form, "township_staff")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and field_error(html, "monthly_wage") and f'value="{SOON}"' in html
    assert not jobs.shared.placements.rows
    created_id(post(client, f"/ui/jobs/applications/{app_id}/place", dict(form, monthly_wage="5200"), "township_staff"))
    [made] = jobs.shared.events_of("placement.made")
    assert made["data"]["person_id"] == "w1" and made["data"]["monthly_wage"] == 5200
    assert jobs.shared.applications.get(app_id)["placement_id"] == made["data"]["placement_id"]
    html = get(client, "/ui/jobs/placements", "township_staff")
    assert "城关镇" in html and "5200" in html and "乡镇劳务站" in html
    # placed once: the form refuses a second placement from the same application
    r = post(client, f"/ui/jobs/applications/{app_id}/place", dict(form, monthly_wage="5200"), "township_staff")
    assert r.status_code == 409 and "已登记安置" in r.get_data(as_text=True)


def test_an_application_to_an_order_through_the_form_and_the_filtered_list(client, jobs):
    order_id = post(client, "/ui/jobs/orders", order_form(jobs), "county_admin").headers["Location"]
    order_id = order_id.split("/ui/jobs/orders/")[1].split("?")[0]
    r = post(client, "/ui/jobs/applications", {"person_id": "w1"}, "township_staff")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and field_error(html, "posting_id") and 'value="w1"' in html
    created_id(post(client, "/ui/jobs/applications", {"person_id": "w1", "order_id": order_id}, "township_staff"),
               "/ui/jobs/applications/")
    created_id(post(client, "/ui/jobs/applications", {"person_id": "far", "order_id": order_id}, "county_admin"),
               "/ui/jobs/applications/")
    html = get(client, f"/ui/jobs/applications?order_id={order_id}", "county_admin")
    assert html.count('id="open-') == 2 and "订单:普工 2 人、电工 1 人" in html
    assert get(client, f"/ui/jobs/applications?township_code={OTHER_TOWN}", "county_admin").count('id="open-') == 1
    assert get(client, "/ui/jobs/applications?status=hired", "county_admin").count('id="open-') == 0
    assert get(client, f"/ui/jobs/applications?order_id={order_id}", "township_staff").count('id="open-') == 1
    get(client, "/ui/jobs/applications?township_code=12", "county_admin", status=400)
    # another township's application is not theirs to open or decide
    [far] = [a for a in jobs.shared.applications.rows.values() if a["person_id"] == "far"]
    get(client, f"/ui/jobs/applications/{far['_id']}", "township_staff", status=403)
    assert post(client, f"/ui/jobs/applications/{far['_id']}/outcome", {"outcome": "hired"},
                "township_staff").status_code == 403


@pytest.mark.parametrize("path", ["/ui/jobs/applications", "/ui/jobs/applications/new", "/ui/jobs/placements"])
def test_applications_and_placements_are_for_the_registers_keepers_only(client, path):
    for who in ("county_admin", "township_staff", "village_liaison"):
        get(client, path, who)
    for who in ("leader", "worker"):
        assert "无权" in get(client, path, who, status=403)


def test_each_jobs_page_is_in_the_menu_of_exactly_the_roles_its_route_admits(app):
    from gateway.ui.menu import JOBS_MENUS
    adapter = app.url_map.bind("localhost")
    for url in {url for items in JOBS_MENUS.values() for _, url in items}:
        endpoint, _ = adapter.match(url, method="GET")
        roles = getattr(app.view_functions[endpoint], "required_roles", None)
        if not roles:
            continue  # the public search: listed for those who help workers, open to anyone
        in_menu = {role for role, items in JOBS_MENUS.items() if url in [u for _, u in items]}
        assert in_menu == set(roles), url


def test_the_api_answers_as_the_pages_do(client, jobs):
    """The pages and the API share the use cases, filters and masking."""
    r = client.get(f"/api/jobs/employers/{jobs.employer['_id']}", headers={"X-Test-User": "leader"})
    assert r.status_code == 200 and r.json["contacts"][0]["phone"] == "139********"
    r = client.post("/api/jobs/applications", json={"person_id": "w1", "posting_id": jobs.posting["_id"]},
                    headers={"X-Test-User": "township_staff"})
    assert r.status_code == 201
    app_id = r.json["id"]
    r = client.get(f"/api/jobs/applications?posting_id={jobs.posting['_id']}", headers={"X-Test-User": "county_admin"})
    assert [a["id"] for a in r.json["items"]] == [app_id] and r.json["items"][0]["target"]["title"] == "电子厂普工"
    r = client.get("/api/jobs/applications?posting_id=other", headers={"X-Test-User": "county_admin"})
    assert r.json["total"] == 0
    r = client.get("/api/jobs/applications?township_code=4113", headers={"X-Test-User": "county_admin"})
    assert r.status_code == 400 and "township_code" in r.json["error"]["fields"]
    r = client.get(f"/api/jobs/applications/{app_id}", headers={"X-Test-User": "other_town"})
    assert r.status_code == 403
