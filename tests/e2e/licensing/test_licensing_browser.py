"""The licensing pages in a real browser (Debian's chromium, headless) on the session's stack:
a worker checks an agency on the public page and reports one it cannot find; the labor office
approves an application in its queue and the agency shows as licensed on the public page.
Every page of the licensing menus opens in the shell at desktop and phone widths without a
console error, a page wider than the screen, or a code shown instead of Chinese."""
import random
import re

import pytest

from gateway.ui.menu import LICENSING_MENUS
from tests.e2e.test_browser import CHROMIUM_ARGS, browser, login, open_page  # noqa: F401
from tests.support.licensing_fakes import application_body
from playwright import sync_api

expect = sync_api.expect
# licensing's codes that must never reach the user as such
CODES = re.compile(r"\b(applied|under_review|licensed|rejected|suspended|revoked|expired|unknown|"
                   r"excellent|good|fair|poor|submitted|approved|investigating|closed_down|referred|"
                   r"county_admin|police_officer|commerce_officer|inspection|complaint|manual|"
                   r"labor|police|commerce|None|null|undefined)\b")


def context(browser, stack, width=1280, height=800):  # noqa: F811
    ctx = browser.new_context(base_url=stack.url("gateway"), locale="zh-CN",
                              viewport={"width": width, "height": height})
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    return ctx, page


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_worker_checks_then_an_officer_approves_and_the_agency_is_licensed(browser, stack, api):  # noqa: F811
    body = application_body(random.randrange(10**6, 10**7))
    created = api.call("POST", "/api/licensing/agencies", as_user="county_admin", json=body)
    assert created.status_code == 201, created.text

    ctx, phone = context(browser, stack, 390, 844)
    phone.goto("/ui/licensing/verify")
    phone.fill("#q", body["name"])
    phone.click("#verify-submit")
    expect(phone.locator("#verdict-unknown")).to_contain_text("未查到许可记录")
    assert fits(phone)
    phone.fill("#place", "城关镇汽车站")   # the suspect's name is already filled in
    phone.fill("#details", "交费前查不到许可证,特此举报")
    phone.click("#report-submit")
    expect(phone.locator("#report-done")).to_contain_text("举报已收到")

    officer_ctx, officer = context(browser, stack)
    login(officer, "county_admin")
    frame = open_page(officer, "许可审批")
    row = frame.locator("#applications tr", has_text=body["name"])
    row.locator("button.review").click()
    frame.locator("#applications tr", has_text=body["name"]).locator("button.approve").click()
    expect(frame.locator("#applications")).not_to_contain_text(body["name"])
    officer_ctx.close()

    phone.goto("/ui/licensing/verify")
    phone.fill("#q", body["name"])
    phone.click("#verify-submit")
    expect(phone.locator("#verify-result tr.match")).to_contain_text("持证经营")
    expect(phone.locator("#verify-result tr.match")).to_contain_text("优秀")
    assert fits(phone)
    ctx.close()


# one role per distinct set of pages (the menus of the others are checked on fakes, in
# tests/unit/licensing/test_api_role_matrix.py); both widths in one login, to spare the CPU
@pytest.mark.parametrize("role", ["county_admin", "police_officer", "commerce_officer", "leader", "worker"])
def test_every_licensing_page_opens_in_the_shell_in_chinese(browser, stack, role):  # noqa: F811
    ctx, page = context(browser, stack)
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    login(page, role)
    titles = [t.strip() for t in page.locator("#menu-items a").all_inner_texts()]
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for title, url in LICENSING_MENUS[role]:
            assert title in titles, f"{role} lacks {title}"
            frame = open_page(page, title)
            expect(frame.locator("h1")).to_contain_text(title)
            text = frame.locator("body").inner_text()
            assert not CODES.search(text), f"{url}: code shown: {CODES.search(text).group(0)}"
            page.goto(url)
            expect(page.locator("h1")).to_contain_text(title)
            assert fits(page), f"{url} at {width}px"
            # one level down: the first agency's or case's own page
            link = page.locator("#agencies a, #cases a").first
            if link.count():
                link.click()
                expect(page.locator("h1")).to_be_visible()
                text = page.locator("body").inner_text()
                assert not CODES.search(text), f"{page.url}: code shown: {CODES.search(text).group(0)}"
                assert fits(page), f"{page.url} at {width}px"
            page.goto("/")
    ctx.close()
    assert problems == []
