"""Browser sessions through the real gateway and services: the login form and the JSON login
set an HttpOnly, SameSite=Strict cookie; the gateway turns it into the services' token for
pages and for API calls without an Authorization header; state changes with the cookie need
the session's CSRF token; logout, deactivation and a password change end it at once."""
import re
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
import requests

from gateway.auth.users import create_user
from tests.support.client import DEMO_PASSWORD
from tests.support.ids import make_id_number

TOWN, VILLAGE = "411325100", "411325100201"


def browser(api) -> requests.Session:
    s = requests.Session()
    s.base = api.base
    return s


def form_login(api, username: str, password: str = DEMO_PASSWORD) -> requests.Session:
    s = browser(api)
    r = s.post(api.base + "/login", data={"username": username, "password": password},
               allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"] == "/", r.text
    return s


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def person_form(**over) -> dict:
    form = {"name": "王秀英", "id_number": make_id_number(date(1990, 5, 6), male=False),
            "phone": "13837700011", "township_code": TOWN, "village_code": VILLAGE,
            "education": "junior_high", "skills": "缝纫、厨师"}
    form.update(over)
    return form


def test_the_cookie_is_httponly_samesite_strict_and_the_json_login_keeps_its_token(api):
    r = requests.post(api.base + "/api/auth/login",
                      json={"username": "township_staff", "password": DEMO_PASSWORD}, timeout=10)
    assert r.status_code == 200 and r.json()["access_token"]
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("lex_session=") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie and "Path=/" in cookie and "Secure" not in cookie


def test_wrong_password_on_the_form_is_401_with_the_message_on_the_page(api):
    r = requests.post(api.base + "/login", data={"username": "leader", "password": "wrong-password-1"},
                      allow_redirects=False, timeout=10)
    assert r.status_code == 401 and "用户名或密码错误" in r.text and "Set-Cookie" not in r.headers
    r = requests.post(api.base + "/login", data={"username": "", "password": ""}, timeout=10)
    assert r.status_code == 400 and "请输入用户名" in r.text


def test_login_only_returns_to_paths_on_this_site(api):
    s = browser(api)
    r = s.post(api.base + "/login", data={"username": "leader", "password": DEMO_PASSWORD,
                                          "next": "//evil.example/x"}, allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"] == "/"


def test_a_login_form_posted_from_another_site_is_refused(api):
    r = requests.post(api.base + "/login", data={"username": "leader", "password": DEMO_PASSWORD},
                      headers={"Origin": "https://evil.example"}, allow_redirects=False, timeout=10)
    assert r.status_code == 403 and "Set-Cookie" not in r.headers
    r = requests.post(api.base + "/login", data={"username": "leader", "password": DEMO_PASSWORD},
                      headers={"Origin": api.base}, allow_redirects=False, timeout=10)
    assert r.status_code == 303


def test_without_a_session_the_shell_and_pages_send_to_the_login(api):
    r = requests.get(api.base + "/", allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"] == "/login"
    r = requests.get(api.base + "/ui/registry/persons?status=surplus", allow_redirects=False, timeout=10)
    assert r.status_code == 303
    assert r.headers["Location"] == "/login?next=/ui/registry/persons%3Fstatus%3Dsurplus"


def test_the_shell_is_rendered_from_the_session(api):
    s = form_login(api, "township_staff")
    html = s.get(api.base + "/", timeout=10).text
    assert "城关镇劳务输出服务站" in html and "乡镇服务站" in html and ">城关镇<" in html
    assert 'href="/ui/registry/persons/new"' in html and 'name="csrf_token"' in html
    assert "sessionStorage" not in html


def test_registering_through_the_form_with_the_csrf_token(api):
    s = form_login(api, "township_staff")
    page = s.get(api.base + "/ui/registry/persons/new", timeout=10)
    assert page.status_code == 200 and re.search(r'<option value="411325100"[^>]*>城关镇</option>', page.text)
    form = dict(person_form(), csrf_token=csrf_of(page.text))
    r = s.post(api.base + "/ui/registry/persons/new", data=form, allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"].startswith("/ui/registry/persons/new?created=")
    done = s.get(api.base + r.headers["Location"], timeout=10).text
    assert "登记成功" in done and form["id_number"] in done and "1990-05-06" in done
    listed = s.get(api.base + "/ui/registry/persons", params={"name": "王秀英"}, timeout=10).text
    assert form["id_number"] in listed


def test_a_post_without_the_csrf_token_is_refused(api):
    s = form_login(api, "township_staff")
    form = person_form()
    for data in (form, dict(form, csrf_token="forged")):
        r = s.post(api.base + "/ui/registry/persons/new", data=data, allow_redirects=False, timeout=10)
        assert r.status_code == 403 and "页面已过期" in r.text
    # another session's token is no good either
    other = form_login(api, "township_staff")
    token = csrf_of(other.get(api.base + "/ui/registry/persons/new", timeout=10).text)
    r = s.post(api.base + "/ui/registry/persons/new", data=dict(form, csrf_token=token), timeout=10)
    assert r.status_code == 403
    found = api.call("GET", "/api/registry/persons", as_user="county_admin",
                     params={"id_number": form["id_number"]}).json()
    assert found["total"] == 0


def test_bad_input_comes_back_with_the_reason_next_to_each_field(api):
    s = form_login(api, "township_staff")
    token = csrf_of(s.get(api.base + "/ui/registry/persons/new", timeout=10).text)
    good = person_form()
    bad = good["id_number"][:17] + ("0" if good["id_number"][17] != "0" else "1")
    r = s.post(api.base + "/ui/registry/persons/new", timeout=10,
               data=dict(good, id_number=bad, csrf_token=token))
    assert r.status_code == 400
    assert re.search(r'id="error-id_number"[^>]*>校验码错误<', r.text)
    assert 'value="王秀英"' in r.text and "缝纫、厨师" in r.text  # what was typed stays
    r = s.post(api.base + "/ui/registry/persons/new", timeout=10,
               data=dict(good, phone="12", village_code="", csrf_token=token))
    assert r.status_code == 400
    assert re.search(r'id="error-phone"[^>]*>须为[^<]+<', r.text)
    assert re.search(r'id="error-village_code"[^>]*>请选择村<', r.text)


def test_the_id_number_fragment_derives_sex_and_birth_date(api):
    s = form_login(api, "township_staff")
    n = make_id_number(date(1988, 3, 8), male=True)
    r = s.get(api.base + "/ui/registry/persons/id-number", params={"id_number": n},
              headers={"HX-Request": "true"}, timeout=10)
    assert r.status_code == 200 and "男,1988-03-08 出生" in r.text and "<html" not in r.text
    r = s.get(api.base + "/ui/registry/persons/id-number", params={"id_number": n[:17] + "Y"}, timeout=10)
    assert 'class="derived field-error"' in r.text


def test_htmx_gets_the_list_fragment_and_a_browser_the_whole_page(api):
    s = form_login(api, "county_admin")
    whole = s.get(api.base + "/ui/registry/persons?status=surplus", timeout=10).text
    part = s.get(api.base + "/ui/registry/persons?status=surplus", headers={"HX-Request": "true"},
                 timeout=10).text
    assert "<html" in whole and 'id="filters"' in whole and 'id="results"' in whole
    assert part.lstrip().startswith('<div id="results">') and "<html" not in part


def test_api_calls_with_the_cookie_need_csrf_but_bearer_calls_do_not(api):
    s = form_login(api, "township_staff")
    assert s.get(api.base + "/api/registry/persons", timeout=10).status_code == 200
    body = {k: v for k, v in person_form(id_number=make_id_number()).items() if k != "skills"}
    r = s.post(api.base + "/api/registry/persons", json=body, timeout=10)
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    assert r.json()["error"]["fields"] == {"csrf_token": "缺失或不正确"}
    token = csrf_of(s.get(api.base + "/", timeout=10).text)
    r = s.post(api.base + "/api/registry/persons", json=body, headers={"X-CSRF-Token": token}, timeout=10)
    assert r.status_code == 201, r.text
    r = api.call("POST", "/api/registry/persons", as_user="township_staff",
                 json=dict(body, id_number=make_id_number()))
    assert r.status_code == 201


def test_logout_ends_the_session_and_the_old_cookie_no_longer_works(api):
    s = form_login(api, "county_admin")
    old = s.cookies.get("lex_session")
    token = csrf_of(s.get(api.base + "/", timeout=10).text)
    r = s.post(api.base + "/logout", data={"csrf_token": token}, allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"] == "/login"
    replay = browser(api)
    replay.cookies.set("lex_session", old)
    assert replay.get(api.base + "/", allow_redirects=False, timeout=10).status_code == 303
    assert replay.get(api.base + "/api/registry/persons", timeout=10).status_code == 401
    assert replay.get(api.base + "/ui/registry/persons", allow_redirects=False, timeout=10).status_code == 303


def test_logout_without_the_csrf_token_is_refused(api):
    s = form_login(api, "leader")
    r = s.post(api.base + "/logout", allow_redirects=False, timeout=10)
    assert r.status_code == 403
    assert s.get(api.base + "/", allow_redirects=False, timeout=10).status_code == 200


@pytest.mark.parametrize("change", ["deactivate", "password"])
def test_deactivation_and_password_change_end_sessions_at_once(api, mongo, change):
    name = f"session-probe-{uuid.uuid4().hex[:8]}"
    create_user(mongo.lex_gateway, name, "Correct-horse-9", "county_admin", "labor", None)
    s = form_login(api, name, "Correct-horse-9")
    assert s.get(api.base + "/ui/registry/persons", allow_redirects=False, timeout=10).status_code == 200
    update = ({"active": False} if change == "deactivate"
              else {"password_changed_at": datetime.now(timezone.utc) + timedelta(seconds=1)})
    mongo.lex_gateway.users.update_one({"username": name}, {"$set": update})
    assert s.get(api.base + "/ui/registry/persons", allow_redirects=False, timeout=10).status_code == 303
    assert s.get(api.base + "/api/registry/persons", timeout=10).status_code == 401


def test_the_database_keeps_no_cookie_value(api, mongo):
    s = form_login(api, "leader")
    cookie = s.cookies.get("lex_session")
    assert mongo.lex_gateway.sessions.find_one({"_id": cookie}) is None
    assert mongo.lex_gateway.sessions.count_documents({}) > 0


def test_the_indicators_page_names_the_townships(api):
    s = form_login(api, "township_staff")
    r = s.get(api.base + f"/ui/evaluation/indicators?year={date.today().year}", timeout=10)
    assert r.status_code == 200
    assert re.search(rf'data-township="{TOWN}">城关镇<', r.text)
    assert r.text.count('data-township="') == 1  # its own township only
    bad = s.get(api.base + "/ui/evaluation/indicators?year=abc", timeout=10)
    assert bad.status_code == 400 and "四位年份" in bad.text


def test_a_role_without_the_page_gets_a_chinese_403_page(api):
    s = form_login(api, "worker")
    r = s.get(api.base + "/ui/registry/persons", allow_redirects=False, timeout=10)
    assert r.status_code == 403 and "text/html" in r.headers["Content-Type"] and "无权" in r.text


def test_the_json_logout_ends_the_cookie_session_and_needs_its_csrf_token(api):
    s = browser(api)
    r = s.post(api.base + "/api/auth/login", json={"username": "leader", "password": DEMO_PASSWORD},
               timeout=10)
    assert r.status_code == 200
    token = csrf_of(s.get(api.base + "/", timeout=10).text)
    assert s.post(api.base + "/api/auth/logout", timeout=10).status_code == 403
    r = s.post(api.base + "/api/auth/logout", headers={"X-CSRF-Token": token}, timeout=10)
    assert r.status_code == 204 and "lex_session=;" in r.headers["Set-Cookie"]
    assert s.get(api.base + "/", allow_redirects=False, timeout=10).status_code == 303
