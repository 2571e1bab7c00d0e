"""The rights pages rendered by the service's own app over the fakes (no servers): each page
answers in Chinese for the roles that may use it, forms post to the same use cases, errors
are shown next to their fields, and the public pages show no personal data."""
import re

import pytest

from services.common.domain.actor import Actor
from services.rights.app import build_app
from tests.support.factories import actor
from tests.support.rights_fakes import FakeRightsUnitOfWork
from tests.support.pages import as_test_users

USERS = {"rights_staff": actor("rights_staff"), "police": actor("police_officer", department="police"),
         "justice": actor("justice_officer", department="justice"), "leader": actor("leader"),
         "county_admin": actor("county_admin"), "township": actor("township_staff")}


class FakeRights:
    def __init__(self):
        self.shared = FakeRightsUnitOfWork()
        self.db = None

    def uow(self):
        return self.shared


@pytest.fixture
def rights():
    return FakeRights()


@pytest.fixture(scope="module")
def app():
    # built once (it is most of a test's time); each test brings its fakes
    return as_test_users(build_app(None), USERS)


@pytest.fixture
def client(app, rights, monkeypatch):
    monkeypatch.setattr("services.rights.ui.public_pages.allow", lambda *a: 0)
    app.extensions["rights"] = rights
    return app.test_client()


def get(client, path, who=None, status=200):
    r = client.get(path, headers={"X-Test-User": who} if who else {})
    assert r.status_code == status, r.get_data(as_text=True)[:500]
    return r.get_data(as_text=True)


def post(client, path, data, who=None):
    return client.post(path, data=data, headers={"X-Test-User": who} if who else {})


FORM = {"channel": "hotline", "category": "fraud", "complainant_name": "王秀兰",
        "complainant_phone": "13937712345", "respondent_type": "unlicensed_agency",
        "respondent_name": "某黑中介", "amount_claimed": "3000", "place": "郑州市火车站",
        "township_code": "411325100", "description": "收取介绍费后失联。", "attachments": "收据\n聊天记录"}


def take(client, **over):
    r = post(client, "/ui/rights/intake", {**FORM, **over}, "rights_staff")
    assert r.status_code == 303, r.get_data(as_text=True)[:800]
    return r.headers["Location"].split("created=")[1]


def test_the_intake_form_takes_a_complaint_and_shows_the_receipt(client, rights):
    html = get(client, "/ui/rights/intake", "rights_staff")
    assert "投诉登记" in html and 'name="csrf_token"' in html and "autofocus" in html
    case_id = take(client)
    html = get(client, f"/ui/rights/intake?created={case_id}", "rights_staff")
    receipt = rights.shared.cases.get(case_id)["receipt_number"]
    assert receipt in html and rights.shared.cases.get(case_id)["attachments"] == [
        {"name": "收据"}, {"name": "聊天记录"}]


def test_intake_errors_are_shown_next_to_their_fields(client, rights):
    r = post(client, "/ui/rights/intake", {**FORM, "complainant_phone": "12", "place": ""},
             "rights_staff")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and not rights.shared.cases.rows
    assert re.search(r'id="error-complainant_phone"[^>]*>须为 11 位手机号', html)
    assert re.search(r'id="error-place"[^>]*>必填字段缺失', html)
    assert 'value="王秀兰"' in html  # what was typed stays


def test_a_case_is_accepted_and_referred_from_its_page_then_police_accepts_in_the_inbox(client, rights):
    case_id = take(client, complainant_consent_to_share="1")
    assert post(client, f"/ui/rights/cases/{case_id}/accept", {}, "rights_staff").status_code == 303
    r = post(client, f"/ui/rights/cases/{case_id}/refer",
             {"to_department": "police", "reason": "涉嫌诈骗", "requested_action": "立案侦查",
              "due_date": "2099-01-01"}, "rights_staff")
    assert r.status_code == 303, r.get_data(as_text=True)[:800]
    inbox = get(client, "/ui/rights/inbox", "police")
    assert rights.shared.cases.get(case_id)["receipt_number"] in inbox and "接收协办" in inbox
    referral_id = rights.shared.cases.get(case_id)["referrals"][0]["id"]
    r = post(client, f"/ui/rights/referrals/{referral_id}/accept", {"as": "co_handler"}, "police")
    assert r.status_code == 303 and r.headers["Location"] == "/ui/rights/inbox?done=accept"
    page = get(client, f"/ui/rights/cases/{case_id}", "police")
    assert "王秀兰" in page and "已接收" in page and "接收转办" in page


def test_a_refused_action_is_shown_on_the_case_page(client):
    case_id = take(client)
    r = post(client, f"/ui/rights/cases/{case_id}/refer",
             {"to_department": "police", "reason": "涉嫌诈骗", "requested_action": "立案侦查",
              "due_date": "2099-01-01"}, "rights_staff")
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "投诉人尚未同意" in html and "error-override_reason" in html


def test_police_cannot_open_a_case_not_referred_to_it(client):
    case_id = take(client)
    html = get(client, f"/ui/rights/cases/{case_id}", "police", status=404)
    assert "王秀兰" not in html
    assert post(client, f"/ui/rights/cases/{case_id}/accept", {}, "police").status_code == 404


@pytest.mark.parametrize("path, allowed, refused", [
    ("/ui/rights/intake", "rights_staff", "police"),
    ("/ui/rights/cases", "police", "leader"),
    ("/ui/rights/inbox", "justice", "county_admin"),
    ("/ui/rights/legal-aid", "justice", "police"),
    ("/ui/rights/reports", "leader", "township"),
])
def test_each_page_for_its_roles_only(client, path, allowed, refused):
    html = get(client, path, allowed)
    assert '<meta charset="utf-8">' in html and "lang=\"zh-CN\"" in html
    get(client, path, refused, status=403)


def test_the_public_complaint_and_status_pages_need_no_login_and_show_no_personal_data(client, rights):
    assert "网上投诉" in get(client, "/ui/rights/complain")
    form = {k: v for k, v in FORM.items() if k not in ("channel", "attachments")}
    r = post(client, "/ui/rights/complain", form)
    assert r.status_code == 303, r.get_data(as_text=True)[:800]
    [case] = rights.shared.cases.rows.values()
    assert case["channel"] == "web"
    html = get(client, r.headers["Location"])
    assert case["receipt_number"] in html and "已受理登记" in html
    for secret in ("王秀兰", "13937712345", "某黑中介", "收取介绍费"):
        assert secret not in html
    assert "未找到" in get(client, "/ui/rights/status?receipt=WQ20990101AAAAAA", status=404)


def test_the_report_page_shows_the_figures(client):
    take(client)
    html = get(client, "/ui/rights/reports", "leader")
    assert re.search(r'id="total">1<', html) and "诈骗/非法中介" in html


def test_the_legal_aid_queue_lets_justice_assign(client, rights):
    case_id = take(client)
    r = post(client, f"/ui/rights/cases/{case_id}/legal-aid", {"reason": "需要代理仲裁"}, "rights_staff")
    assert r.status_code == 303
    assert rights.shared.cases.get(case_id)["receipt_number"] in get(client, "/ui/rights/legal-aid", "justice")
    r = post(client, f"/ui/rights/cases/{case_id}/legal-aid-assign",
             {"lawyer": "赵律师", "next": "/ui/rights/legal-aid"}, "justice")
    assert r.status_code == 303 and r.headers["Location"].startswith("/ui/rights/legal-aid?")
    assert rights.shared.cases.get(case_id)["legal_aid"]["lawyer"] == "赵律师"
    assert Actor  # the actor type the fake users are built from


def test_each_page_is_in_the_menu_of_exactly_the_roles_its_route_admits(app):
    from gateway.ui.menu import RIGHTS_MENUS
    # the module's app: its routes and roles are what the menu must match
    adapter = app.url_map.bind("localhost")
    pages = {url for items in RIGHTS_MENUS.values() for _, url in items}
    for url in pages:
        endpoint, _ = adapter.match(url, method="GET")
        roles = getattr(app.view_functions[endpoint], "required_roles", None)
        in_menu = {role for role, items in RIGHTS_MENUS.items() if url in [u for _, u in items]}
        # public pages (no login) are the worker's
        assert in_menu == (set(roles) if roles else {"worker"}), url
