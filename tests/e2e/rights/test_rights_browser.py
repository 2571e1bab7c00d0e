"""The rights pages in a real browser (Debian's chromium, headless) on the session's stack:
hotline staff take a complaint and refer it; police see it in their inbox and accept it.
Every page of the rights menus opens in the shell at desktop and phone widths without a
console error, a page wider than the screen, or a code shown instead of Chinese."""
import re

import pytest

from gateway.ui.menu import RIGHTS_MENUS
from tests.e2e.test_browser import CHROMIUM_ARGS, browser, login, open_page  # noqa: F401
from playwright import sync_api

expect = sync_api.expect
# codes of the rights service that must never reach the user as such
CODES = re.compile(r"\b(hotline|walk_in|wage_arrears|unlicensed_agency|received|accepted|"
                   r"investigating|resolved|pending|co_handler|legal_aid|owner_department|"
                   r"labor|police|commerce|justice|None|null|undefined)\b")


@pytest.fixture
def page(browser, stack):  # noqa: F811
    context = browser.new_context(base_url=stack.url("gateway"), locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def visible_text(frame) -> str:
    return frame.locator("body").inner_text()


def test_hotline_staff_take_and_refer_a_complaint_and_police_accept_it(page, browser, stack):  # noqa: F811
    login(page, "rights_staff")
    frame = open_page(page, "投诉登记")
    # the clerk starts typing at once (autofocus; a frame gets focus once clicked into)
    expect(frame.locator("#channel")).to_have_attribute("autofocus", "")
    frame.locator("#channel").select_option("hotline")
    frame.locator("#category").select_option("fraud")
    frame.locator("#complainant_name").fill("刘桂兰")
    frame.locator("#complainant_phone").fill("13837712345")
    frame.locator("#complainant_consent_to_share").check()
    frame.locator("#respondent_type").select_option("unlicensed_agency")
    frame.locator("#respondent_name").fill("火车站黑中介")
    frame.locator("#amount_claimed").fill("2500")
    frame.locator("#place").fill("郑州火车站")
    frame.locator("#township_code").select_option("411325100")
    frame.locator("#description").fill("收了介绍费,带到工地后人就不见了。")
    frame.locator("#description").press("Tab")
    frame.locator("#submit").press("Enter")
    expect(frame.locator("#success")).to_be_visible()
    receipt = frame.locator("#receipt").inner_text().strip()
    assert re.fullmatch(r"WQ\d{8}[A-Z2-9]{6}", receipt)

    frame.locator("#case-link").click()
    expect(frame.locator("#receipt")).to_have_text(receipt)
    frame.locator("#action-accept button").click()
    expect(frame.locator("#done")).to_have_text("已立案")
    refer = frame.locator("#refer-form")
    refer.locator("#to_department").select_option("police")
    refer.locator("#reason").fill("涉嫌诈骗")
    refer.locator("#requested_action").fill("立案侦查")
    refer.locator("#due_date").fill("2099-12-31")
    refer.locator("#refer-submit").click()
    expect(frame.locator("#done")).to_have_text("已转办")
    expect(frame.locator("#referrals")).to_contain_text("待接收")

    police = browser.new_context(base_url=stack.url("gateway"), locale="zh-CN").new_page()
    police.set_default_timeout(15_000)
    login(police, "police_officer")
    inbox = open_page(police, "转办收件箱")
    row = inbox.locator("#inbox tr", has_text=receipt)
    expect(row).to_contain_text("涉嫌诈骗")
    row.locator("button.accept").click()
    expect(inbox.locator("#done")).to_have_text("已接收")
    expect(inbox.locator("#inbox tr", has_text=receipt)).to_contain_text("已接收")
    inbox.locator("#inbox a", has_text=receipt).click()
    expect(inbox.locator("#complainant")).to_contain_text("13837712345")  # shared with consent
    expect(inbox.locator("#timeline")).to_contain_text("接收转办")
    police.context.close()


# each page once per width, with a role that may use it: the rights center's five, the
# worker's two (the menus of the other roles are checked against the routes in a unit test)
PAGE_ROLES = ("rights_staff", "worker")


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_every_rights_page_opens_in_the_shell_in_chinese(browser, stack, width, height):  # noqa: F811
    context = browser.new_context(base_url=stack.url("gateway"), locale="zh-CN",
                                  viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for role in PAGE_ROLES:
        login(page, role)
        titles = [t.strip() for t in page.locator("#menu-items a").all_inner_texts()]
        for title, url in RIGHTS_MENUS[role]:
            assert title in titles, f"{role} lacks {title}"
            frame = open_page(page, title)
            expect(frame.locator("h1")).to_contain_text(title)
            text = visible_text(frame)
            assert not CODES.search(text), f"{url}: code shown: {CODES.search(text).group(0)}"
            if width < 500:  # the page alone (a bookmark, a phone) fits the narrow screen
                page.goto(url)
                expect(page.locator("h1")).to_contain_text(title)
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url
                page.goto("/")
        page.context.clear_cookies()
    if width < 500:
        seen = len(problems)
        page.goto("/ui/rights/status?receipt=WQ20990101AAAAAA")  # no login: a worker's phone
        expect(page.locator("#not-found")).to_contain_text("未找到该受理编号")
        del problems[seen:]  # the lookup's own 404 (and the browser's note of it) is the answer
    context.close()
    assert problems == []
