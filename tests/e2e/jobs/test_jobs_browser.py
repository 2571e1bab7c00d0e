"""The jobs pages in Debian's chromium (headless): a worker searches on a phone and opens a
posting; the office approves a submitted posting and it becomes findable; every jobs page of
every role's menu at 1280 and 390 pixels, with no console error and no code shown untranslated."""
import re
from datetime import date, timedelta

import pytest
from playwright import sync_api

from gateway.ui.menu import menu_for
from tests.e2e.jobs.helpers import employer, published, search, submitted, tagged, unique
from tests.e2e.test_browser import browser, login, open_page  # noqa: F401  (fixture)

expect = sync_api.expect
PHONE = {"width": 390, "height": 844}
# codes that must never reach the reader: the API's snake_case and the coded values
CODE_WORDS = re.compile(r"\b(?:[a-z]+_[a-z_]+|published|submitted|draft|withdrawn|established|"
                        r"electronics|construction|garment|both|lodging|none|null|None|undefined)\b")


def new_page(browser, stack, viewport=None):
    context = browser.new_context(base_url=stack.url("gateway"), locale="zh-CN",
                                  viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    # generous: the whole suite shares two cores with the servers and the browser
    page.set_default_timeout(45_000)
    return context, page


def test_a_worker_searches_on_a_phone_and_opens_a_posting(browser, stack, api):
    e = employer(api, name=unique("东莞华达电子厂"))
    title = tagged("电子厂普工")
    p = published(api, e["id"], title, description="贴片机操作,包吃住")
    context, page = new_page(browser, stack, PHONE)
    try:
        page.goto("/ui/jobs/search")  # public: no login
        page.fill("#q", title)
        page.click("#search")
        card = page.locator(f'.job[data-id="{p["id"]}"]')
        expect(card).to_be_visible()
        expect(card.locator(".filing")).to_contain_text(p["filing_number"])
        expect(card.locator("mark").first).to_be_visible()  # the words found, highlighted
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        card.locator("h2 a").click()
        expect(page.locator("#posting-title")).to_have_text(title)
        expect(page.locator("#filing-number")).to_contain_text(p["filing_number"])
    finally:
        context.close()


def test_the_office_approves_a_submitted_posting_and_it_becomes_findable(browser, stack, api):
    e = employer(api)
    title = tagged("钢筋工")
    p = submitted(api, e["id"], title, industry="construction")
    assert search(api, q=title) == []
    context, page = new_page(browser, stack)
    try:
        login(page, "county_admin")
        frame = open_page(page, "招聘信息审核")
        frame.locator(f"#approve-{p['id']} button").click()
        expect(frame.locator("#done")).to_contain_text("内劳招备〔")
    finally:
        context.close()
    assert search(api, q=title) == [p["id"]]


ROLES = ["county_admin", "township_staff", "village_liaison", "leader", "worker"]


@pytest.mark.parametrize("role", ROLES)
def test_every_jobs_page_of_a_role_at_two_widths(browser, stack, role):
    pages = [(t, url) for t, url in menu_for(role) if url.startswith("/ui/jobs/")]
    assert pages, f"{role} has no jobs page in its menu"
    for width in (1280, 390):
        context, page = new_page(browser, stack, {"width": width, "height": 900})
        problems = []
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        try:
            login(page, role)
            for title, url in pages:
                response = page.goto(url)
                assert response.status == 200, f"{role} {url}: {response.status}"
                expect(page.locator("h1")).to_contain_text(title)
                text = page.locator("body").inner_text()
                shown = CODE_WORDS.findall(text)
                assert not shown, f"{role} {url} at {width}px shows codes {shown}"
            assert not problems, f"{role} at {width}px: {problems}"
        finally:
            context.close()


def test_a_township_enters_a_posting_through_the_form_and_submits_it(browser, stack, api):
    e = employer(api, name=unique("杭州织美服饰"))
    title = tagged("服装厂缝纫工")
    context, page = new_page(browser, stack)
    problems = []
    page.on("pageerror", lambda err: problems.append(str(err)))
    try:
        login(page, "township_staff")
        page.goto("/ui/jobs/postings/new")
        page.fill("#title", title)
        page.select_option("#employer_id", e["id"])
        page.select_option("#industry", "garment")
        page.select_option("#work_region", "yangtze_delta")
        page.fill("#work_city", "杭州")
        page.fill("#headcount", "20")
        page.fill("#salary_min", "6000")
        page.fill("#salary_max", "5000")  # below the minimum: refused, next to the field
        page.fill("#valid_until", (date.today() + timedelta(days=30)).isoformat())
        page.click("#submit")
        expect(page.locator("#field-salary_max .field-error")).to_have_text("不能低于最低工资")
        expect(page.locator("#title")).to_have_value(title)  # what was typed stays
        page.fill("#salary_max", "8000")
        page.click("#submit")
        expect(page.locator("#created")).to_be_visible()
        row = page.locator("#postings tr", has_text=title)
        row.locator("button", has_text="提交审核").click()
        expect(page.locator("#submitted")).to_be_visible()
        expect(page.locator("#postings tr", has_text=title)).to_contain_text("待审核")
        assert not problems, problems
    finally:
        context.close()
    queue = api.call("GET", "/api/jobs/postings/review-queue?page_size=100", as_user="county_admin").json()
    assert title in [p["title"] for p in queue["items"]]
