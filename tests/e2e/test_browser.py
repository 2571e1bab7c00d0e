"""The UI in a real browser: Debian's chromium, headless, on the embedded stack.
Never `playwright install` (it downloads a browser); `make browser-deps` installs chromium
and a CJK font."""
import re
import time
import uuid
from datetime import date
from pathlib import Path

import pytest

from gateway.auth.users import create_user
from gateway.ui.menu import INDICATORS, PERSON_LIST, PERSON_NEW, menu_for
from tests.support.client import DEMO_PASSWORD
from tests.support.ids import make_id_number

from playwright import sync_api
expect = sync_api.expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOWN = "411325100"        # 城关镇, the demo township user's
VILLAGE = "411325100201"  # 书院村
SCREENSHOT = Path("/tmp/lex-shell-township.png")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def browser():
    # `make test` installs Debian's chromium first; without it these tests fail, not skip
    assert Path(CHROMIUM).exists(), "no /usr/bin/chromium: run `make browser-deps`"
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, stack):
    context = browser.new_context(base_url=stack.url("gateway"), locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)  # two cores shared with the whole stack
    yield page
    context.close()


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"/(\?.*)?$"))
    expect(page.locator("#who")).to_be_visible()  # header rendered from the session
    # the shell's load waits for its frame's first page: a page opened from the menu before
    # then can be replaced under the test by that first load (township staff's first page is
    # the registration form itself)
    page.wait_for_load_state("load")


def menu_titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#menu-items a").all_inner_texts()]


def open_page(page, title: str):
    """Open a menu page and wait until the frame holds its new document: the page may already
    be in the frame, and a field filled in the old document is lost when the new one loads."""
    frame = page.frame(name="content")
    with frame.expect_navigation():
        page.locator("#menu-items").get_by_role("link", name=title, exact=True).click()
    return page.frame_locator("#content-frame")


def town_cell(frame, css: str):
    return frame.locator(f'#indicators tr:has(td[data-township="{TOWN}"]) {css}')


def registered_in_town(page) -> int:
    return int(town_cell(page.frame_locator("#content-frame"), "td.value").inner_text())


def probe_user(mongo) -> str:
    name = f"ui-probe-{uuid.uuid4().hex[:8]}"
    create_user(mongo.lex_gateway, name, "Correct-horse-9", "leader", "labor", None)
    return name


def test_township_staff_sees_its_township_role_and_menu(page):
    login(page, "township_staff")
    expect(page.locator("#user-region")).to_have_text("城关镇")
    expect(page.locator("#user-role")).to_have_text("乡镇服务站")
    expect(page.locator("#user-name")).to_have_text("城关镇劳务输出服务站")
    assert menu_titles(page) == [title for title, _ in menu_for("township_staff")]
    frame = open_page(page, "指标统计")
    expect(frame.locator(f'td.township[data-township="{TOWN}"]')).to_have_text("城关镇")
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_registering_through_the_form_shows_in_the_list_and_the_indicators(page):
    login(page, "township_staff")
    open_page(page, "指标统计")
    before = registered_in_town(page)

    frame = open_page(page, "人员登记")
    # the township user may register in its own township only
    expect(frame.locator("#township_code option")).to_have_count(1)
    expect(frame.locator("#township_code option")).to_have_text("城关镇")
    id_number = make_id_number(date(1988, 3, 8), male=True)
    frame.locator("#name").fill("张建国")
    frame.locator("#id_number").fill(id_number)
    # htmx asks the server what the number says while the clerk goes on typing
    expect(frame.locator("#id-derived")).to_have_text("男,1988-03-08 出生")
    frame.locator("#phone").fill("13837700001")
    frame.locator("#village_code").select_option(VILLAGE)
    frame.locator("#education").select_option("junior_high")
    frame.locator("#skills").fill("电焊、瓦工")
    frame.locator("#submit").click()
    expect(frame.locator("#success")).to_be_visible()
    expect(frame.locator("#created")).to_contain_text(id_number)
    expect(frame.locator("#created")).to_contain_text("1988-03-08")
    expect(frame.locator("#created")).to_contain_text("城关镇 书院村")
    expect(frame.locator("#form-error")).to_have_count(0)
    # the next person is usually from the same village: it stays chosen
    expect(frame.locator("#village_code")).to_have_value(VILLAGE)

    frame = open_page(page, "人员列表")
    frame.locator("#name").fill("张建国")
    frame.locator("#search").click()  # htmx swaps the results only
    expect(frame.locator("#persons tbody")).to_contain_text(id_number)
    expect(frame.locator("h1")).to_have_text("人员列表")

    # the count moves when evaluation has consumed the event; earlier tests' events may
    # still be landing too, hence "at least"
    open_page(page, "指标统计")
    deadline = time.monotonic() + 20
    count = registered_in_town(page)
    while count < before + 1 and time.monotonic() < deadline:
        time.sleep(0.5)
        page.frame_locator("#content-frame").locator("#refresh").click()
        count = registered_in_town(page)
    assert count >= before + 1


def test_a_bad_id_number_shows_the_chinese_error_next_to_the_field(page):
    login(page, "township_staff")
    frame = open_page(page, "人员登记")
    good = make_id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    frame.locator("#name").fill("李桂芝")
    frame.locator("#id_number").fill(bad)
    expect(frame.locator("#id-derived")).to_have_text("校验码错误")
    frame.locator("#phone").fill("13837700002")
    frame.locator("#village_code").select_option(VILLAGE)
    frame.locator("#submit").click()
    expect(frame.locator("#error-id_number")).to_have_text("校验码错误")
    expect(frame.locator("#field-id_number")).to_have_class(re.compile("has-error"))
    expect(frame.locator("#form-error")).to_be_visible()
    expect(frame.locator("#success")).to_have_count(0)
    expect(frame.locator("#name")).to_have_value("李桂芝")


def test_a_form_post_without_the_csrf_token_is_refused(page, api):
    login(page, "township_staff")
    frame = open_page(page, "人员登记")
    id_number = make_id_number()
    frame.locator("#name").fill("赵铁柱")
    frame.locator("#id_number").fill(id_number)
    frame.locator("#phone").fill("13837700003")
    frame.locator("#village_code").select_option(VILLAGE)
    # as a forged form on another site would be: everything but the token
    frame.locator('#person-form input[name="csrf_token"]').evaluate("e => e.parentNode.removeChild(e)")
    with page.expect_response("**/ui/registry/persons/new") as answer:
        frame.locator("#submit").click()
    assert answer.value.status == 403
    expect(frame.locator("#error-message")).to_contain_text("页面已过期")
    found = api.call("GET", "/api/registry/persons", as_user="county_admin",
                     params={"id_number": id_number}).json()
    assert found["total"] == 0


def test_wrong_password_shows_the_error_on_the_login_page(page, mongo):
    page.goto("/login")
    page.fill("#username", probe_user(mongo))
    page.fill("#password", "wrong-password")
    page.click("#login-submit")
    expect(page.locator("#login-error")).to_have_text("用户名或密码错误")
    assert page.url.endswith("/login")


def test_lockout_message_shows_on_the_login_page(page, mongo):
    name = probe_user(mongo)
    page.goto("/login")
    for _ in range(5):
        page.fill("#username", name)
        page.fill("#password", "wrong-password")
        with page.expect_response(re.compile(r"/login$")) as answer:
            page.click("#login-submit")
        assert answer.value.status == 401
        expect(page.locator("#login-error")).to_have_text("用户名或密码错误")
    page.fill("#password", "Correct-horse-9")
    with page.expect_response(re.compile(r"/login$")) as answer:
        page.click("#login-submit")
    assert answer.value.status == 429
    expect(page.locator("#login-error")).to_have_text(re.compile(r"^登录失败次数过多,请 \d+ 秒后再试$"))


def test_leader_menu_has_no_registration(page):
    login(page, "leader")
    expect(page.locator("#user-role")).to_have_text("县领导")
    expect(page.locator("#user-region")).to_have_text("内乡县")
    titles = menu_titles(page)
    assert "人员登记" not in titles
    assert titles == [title for title, _ in menu_for("leader")]


def test_logout_ends_the_session_and_the_old_cookie_no_longer_works(page, browser, stack):
    page.goto("/")
    page.wait_for_url(re.compile(r"/login$"))
    login(page, "county_admin")
    cookie = [c for c in page.context.cookies() if c["name"] == "lex_session"][0]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie") == ""  # no script can read it
    assert page.evaluate("window.sessionStorage.length") == 0  # and no token is kept there
    page.click("#logout")
    page.wait_for_url(re.compile(r"/login$"))
    page.goto("/")
    page.wait_for_url(re.compile(r"/login$"))
    # the cookie as it was before logout, replayed by another browser: refused
    other = browser.new_context(base_url=stack.url("gateway"))
    other.add_cookies([cookie])
    replay = other.new_page()
    replay.goto("/ui/registry/persons")
    replay.wait_for_url(re.compile(r"/login\?next="))
    assert other.request.get(stack.url("gateway") + "/api/registry/persons").status == 401
    other.close()


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_pages_open_without_console_errors_at_desktop_and_phone_widths(browser, stack, width, height):
    context = browser.new_context(base_url=stack.url("gateway"), locale="zh-CN",
                                  viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    login(page, "county_admin")
    for title, url in (PERSON_NEW, PERSON_LIST, INDICATORS):
        frame = open_page(page, title)
        expect(frame.locator("h1")).to_contain_text(title)
        page.screenshot(path=f"/tmp/lex-{width}-{url.strip('/').replace('/', '-')}.png", full_page=True)
        # the page alone, as a bookmark or a printout opens it, fits the width too
        page.goto(url)
        expect(page.locator("h1")).to_contain_text(title)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url
        page.goto("/")
    context.close()
    assert problems == []


def test_pages_are_served_through_the_gateway_as_utf8(api):
    import requests
    s = requests.Session()
    r = s.post(api.base + "/login", data={"username": "county_admin", "password": DEMO_PASSWORD},
               timeout=10)
    assert r.status_code == 200
    for path in ("/login", "/", "/ui/registry/persons/new", "/ui/registry/persons",
                 "/ui/evaluation/indicators"):
        r = s.get(api.base + path, timeout=10)
        assert r.status_code == 200, path
        assert "charset=utf-8" in r.headers["Content-Type"].lower(), path
        assert '<meta charset="utf-8">' in r.text, path
    assert s.get(api.base + "/ui/nosuch/page", timeout=10).status_code == 404


def test_page_scripts_are_es5():
    """Old county PCs: no arrow functions, let/const, template literals or fetch."""
    scripts = [p for p in (*REPO.glob("gateway/ui/static/*.js"), *REPO.glob("services/*/ui/static/*.js"))
               if p.name != "htmx.min.js"]  # vendored htmx 1.x: its own old-browser support
    assert scripts
    banned = re.compile(r"=>|\blet\s|\bconst\s|`|\bfetch\s*\(|\bclass\s+\w")
    for script in scripts:
        code = re.sub(r"/\*.*?\*/", "", script.read_text(encoding="utf-8"), flags=re.S)
        found = banned.search(code)
        assert not found, f"{script.name}: {found.group(0)!r} is not ES5"
