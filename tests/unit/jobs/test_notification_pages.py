"""The notification and match-quality pages rendered by the jobs app over the fakes: staff
opt a worker in (phone, consent, how) and record an opt-out, read the delivery log and their
notices; the worker opens their own page by the code and opts out or back in; phones only
masked, codes never shown to the reader as codes; each page answers only its roles."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from services.jobs.app import build_app
from services.jobs.domain.notifications import SmsAnswer
from services.jobs.service_layer import employers as employers_uc
from services.jobs.service_layer import notifications as notify_uc
from services.jobs.service_layer import orders as orders_uc
from services.jobs.service_layer import placements as placements_uc
from services.jobs.service_layer import postings as postings_uc
from tests.support.factories import TOWN, VILLAGE, actor
from tests.support.jobs_fakes import FakeJobsUnitOfWork, employer_body, posting_body
from tests.support.pages import as_test_users, shared_app

USERS = {r: actor(r) for r in ("county_admin", "township_staff", "village_liaison", "leader", "worker")}
ADMIN = USERS["county_admin"]
PHONE = "13912345678"
# what a reader must never see: a coded value in snake_case or a state code
CODES = re.compile(r">[^<]*\b(opted_in|opted_out|in_person|phone_call|self_service|queued|sending|sent|failed|"
                   r"order_created|application_waiting|change_phone)\b[^<]*<")


class FakeJobs:
    def __init__(self):
        self.shared = FakeJobsUnitOfWork()

    def uow(self):
        return self.shared


@pytest.fixture
def jobs():
    j = FakeJobs()
    u = j.shared
    now = datetime.now(timezone.utc)
    e = employers_uc.register_employer(u, employer_body(), ADMIN)
    u.workers.put({"_id": "w1", "township_code": TOWN, "village_code": VILLAGE, "sex": "male",
                   "birth_date": "1990-01-01", "status": "surplus", "education": "junior_high",
                   "skills": ["钢筋工"], "job_intention": "钢筋工", "trainings": []})
    p = postings_uc.create_posting(u, posting_body(e["_id"], now.date(), title="钢筋工", industry="construction",
                                                   requirements={"skills": ["钢筋"]}), ADMIN)
    postings_uc.submit(u, p["_id"], ADMIN)
    postings_uc.review(u, p["_id"], "approve", None, ADMIN)
    j.posting, j.employer = p, e
    return j


@pytest.fixture(scope="module")
def app():
    # built once per session, shared by the jobs page modules; each test brings its fakes
    return as_test_users(shared_app("jobs", lambda: build_app(None)), USERS)


@pytest.fixture
def client(app, jobs):
    app.extensions["jobs"] = jobs
    return app.test_client()


def get(client, path, who=None, status=200):
    headers = {"X-CSRF-Token": "tok-1"} | ({"X-Test-User": who} if who else {})
    r = client.get(path, headers=headers)
    assert r.status_code == status, r.get_data(as_text=True)[:800]
    return r.get_data(as_text=True)


def post(client, path, data, who=None):
    headers = {"X-CSRF-Token": "tok-1"} | ({"X-Test-User": who} if who else {})
    return client.post(path, data=data, headers=headers)


def subscribe(client):
    r = post(client, "/ui/jobs/notifications", {"person_id": "w1", "phone": PHONE, "channel": "in_person",
                                                 "consent": "yes"}, "township_staff")
    assert r.status_code == 303, r.get_data(as_text=True)[:500]
    return r.headers["Location"]


def test_staff_opt_a_worker_in_and_hand_over_the_code(client, jobs):
    html = get(client, subscribe(client), "township_staff")
    code = jobs.shared.subscriptions.get("w1")["code"]
    assert f'id="new-code">{code}<' in html and "139********" in html
    assert PHONE not in html and not CODES.findall(html)
    assert "本人到站办理" in html and "订阅" in html


def test_no_consent_is_refused_next_to_its_field_and_the_phone_is_not_echoed(client, jobs):
    r = post(client, "/ui/jobs/notifications", {"person_id": "w1", "phone": PHONE, "channel": "in_person"},
             "township_staff")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and 'id="error-consent" role="alert">须勾选本人已同意<' in html
    assert PHONE not in html and 'value="w1"' in html
    assert jobs.shared.subscriptions.rows == {}
    r = post(client, "/ui/jobs/notifications", {"person_id": "w1", "phone": "12345", "channel": "in_person",
                                                 "consent": "yes"}, "township_staff")
    assert r.status_code == 400 and "须为 11 位手机号" in r.get_data(as_text=True)


def test_staff_record_an_opt_out_asked_for_by_phone(client, jobs):
    subscribe(client)
    r = post(client, "/ui/jobs/notifications/w1/opt-out", {"channel": "phone_call", "reason": "来电"}, "village_liaison")
    assert r.status_code == 303
    html = get(client, r.headers["Location"], "village_liaison")
    assert "已退订" in html and "本人来电" in html and "村信息联络员" in html
    assert jobs.shared.subscriptions.get("w1")["history"][-1]["by"]["username"] == "village_liaison"


def test_the_worker_opts_out_and_back_in_on_their_own_page(client, jobs):
    subscribe(client)
    code = jobs.shared.subscriptions.get("w1")["code"]
    assert "订阅码" in get(client, "/ui/jobs/sms")  # public, no login
    r = client.get(f"/ui/jobs/sms?code={code.lower()}")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/ui/jobs/sms/{code}")
    get(client, "/ui/jobs/sms?code=123", status=400)
    get(client, "/ui/jobs/sms/AAAAAAAAAAAA", status=404)
    html = get(client, f"/ui/jobs/sms/{code}")
    assert "139********" in html and PHONE not in html and "已订阅" in html and not CODES.findall(html)
    r = post(client, f"/ui/jobs/sms/{code}", {"action": "opt_out", "reason": "不需要"})
    assert r.status_code == 303
    assert "已退订" in get(client, r.headers["Location"])
    r = post(client, f"/ui/jobs/sms/{code}", {"action": "opt_in"})
    assert r.status_code == 400 and "须勾选同意" in r.get_data(as_text=True)
    r = post(client, f"/ui/jobs/sms/{code}", {"action": "opt_in", "consent": "yes"})
    assert r.status_code == 303
    sub = jobs.shared.subscriptions.get("w1")
    assert sub["status"] == "opted_in" and [h["channel"] for h in sub["history"]] == [
        "in_person", "self_service", "self_service"]


def test_the_delivery_log_shows_status_and_answer_with_the_phone_masked(client, jobs):
    subscribe(client)
    u = jobs.shared
    event = u.events_of("posting.published")[-1]
    notify_uc.on_posting_published(u, event, 60, lambda code: f"http://x/ui/jobs/sms/{code}")

    class Gateway:
        name = "test"

        def send(self, phone, text, ref):
            return SmsAnswer(True, "OK id=7")

    notify_uc.send_queued(lambda: u, Gateway())
    html = get(client, "/ui/jobs/notifications/log", "township_staff")
    assert "已发送" in html and "OK id=7" in html and "139********" in html and "钢筋工" in html
    assert PHONE not in html and u.subscriptions.get("w1")["code"] not in html and not CODES.findall(html)
    assert "已发送" in get(client, "/ui/jobs/notifications/log?status=sent", "county_admin")
    assert "暂无短信" in get(client, "/ui/jobs/notifications/log?status=failed", "county_admin")


def test_notices_page_and_marking_read(client, jobs):
    u = jobs.shared
    orders_uc.create_order(u, {"employer_id": jobs.employer["_id"], "departure_date": "2099-01-01",
                               "positions": [{"title": "普工", "headcount": 12}]}, ADMIN)
    notify_uc.on_order_created(u, u.events_of("order.created")[-1])
    html = get(client, "/ui/jobs/notices", "township_staff")
    assert "新用工订单" in html and "招 12 人" in html and not CODES.findall(html)
    notice_id = next(iter(u.notices.rows))
    r = post(client, f"/ui/jobs/notices/{notice_id}/read", {}, "township_staff")
    assert r.status_code == 303
    assert "暂无提醒" in get(client, "/ui/jobs/notices?unread=1", "township_staff")


def test_match_quality_page(client, jobs):
    u = jobs.shared
    a = placements_uc.record_application(u, {"person_id": "w1", "posting_id": jobs.posting["_id"]}, ADMIN)
    placements_uc.record_outcome(u, a["_id"], "hired", None, ADMIN)
    html = get(client, "/ui/jobs/match-quality", "leader")
    assert 'id="overall-p5">20.0%<' in html and 'id="overall-mrr">1.000<' in html


@pytest.mark.parametrize("path, allowed", [
    ("/ui/jobs/notifications", ("county_admin", "township_staff", "village_liaison")),
    ("/ui/jobs/notifications/log", ("county_admin", "township_staff", "village_liaison")),
    ("/ui/jobs/notices", ("county_admin", "township_staff", "village_liaison")),
    ("/ui/jobs/match-quality", ("county_admin", "township_staff", "village_liaison", "leader")),
])
def test_each_page_answers_only_its_roles(client, path, allowed):
    for who in USERS:
        get(client, path, who, 200 if who in allowed else 403)


def test_each_page_is_in_the_menu_of_exactly_the_roles_its_route_admits(app):
    from gateway.ui.menu import JOBS_NOTIFY_MENUS
    # the module's app: its routes and roles are what the menu must match
    adapter = app.url_map.bind("localhost")
    for url in {url for items in JOBS_NOTIFY_MENUS.values() for _, url in items}:
        endpoint, _ = adapter.match(url, method="GET")
        roles = getattr(app.view_functions[endpoint], "required_roles", None)
        in_menu = {role for role, items in JOBS_NOTIFY_MENUS.items() if url in [u for _, u in items]}
        if not roles:  # the worker's own page: public, listed for the worker
            assert in_menu == {"worker"}, url
            continue
        assert in_menu == set(roles), url


def api(client, method, path, who, **kw):
    return client.open(path, method=method, headers={"X-Test-User": who}, **kw)


def test_the_api_shows_subscriptions_masked_and_without_the_code(client, jobs):
    r = api(client, "POST", "/api/jobs/sms/subscriptions", "township_staff",
            json={"person_id": "w1", "phone": PHONE, "channel": "phone_call", "consent": True})
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["phone_masked"] == "139********" and "phone" not in body and "code" not in body
    assert body["history"][0]["by"]["username"] == "township_staff"
    listed = api(client, "GET", "/api/jobs/sms/subscriptions?status=opted_in", "county_admin").get_json()
    assert listed["total"] == 1 and PHONE not in str(listed)
    r = api(client, "POST", "/api/jobs/sms/subscriptions", "township_staff",
            json={"person_id": "w1", "phone": PHONE, "channel": "by_pigeon", "consent": True})
    assert r.status_code == 400 and "channel" in r.get_json()["error"]["fields"]
    r = api(client, "POST", "/api/jobs/sms/subscriptions/w1/opt-out", "township_staff", json={"channel": "phone_call"})
    assert r.status_code == 200 and r.get_json()["status"] == "opted_out"
    r = api(client, "POST", "/api/jobs/sms/subscriptions/w1/opt-out", "township_staff", json={"channel": "phone_call"})
    assert r.status_code == 409
    assert api(client, "GET", "/api/jobs/sms/messages", "leader").status_code == 403


def test_the_match_quality_endpoint(client, jobs):
    u = jobs.shared
    a = placements_uc.record_application(u, {"person_id": "w1", "posting_id": jobs.posting["_id"]}, ADMIN)
    placements_uc.record_outcome(u, a["_id"], "employer_declined", None, ADMIN)
    r = api(client, "GET", "/api/jobs/match-quality", "leader")
    assert r.status_code == 200
    assert r.get_json()["overall"] == {"queries": 1, "applications": 1, "hired": 0, "precision_at_5": 0.0, "mrr": 0.0}
    assert api(client, "GET", "/api/jobs/match-quality", "worker").status_code == 403
