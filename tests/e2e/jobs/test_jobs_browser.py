"""The jobs pages in Debian's chromium (headless): a worker searches on a phone and opens a
posting; the office approves a submitted posting and it becomes findable; the office establishes
a base, creates an order, records an application and places a worker; every jobs page of every
role's menu, and each record's own page, at 1280 and 390 pixels, with no console error and no
code shown untranslated."""
import re
from datetime import date, timedelta

import pytest
from playwright import sync_api

from gateway.ui.menu import menu_for
from tests.e2e.jobs.helpers import (base, employer, order, published, search, submitted, tagged, unique,
                                    worker)
from tests.support.wait import eventually
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


def sweep(browser, stack, role, pages):
    """Open each (title, url) as `role` at both widths: 200, the title in the h1, no console
    error, no code shown untranslated."""
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


@pytest.mark.parametrize("role", ROLES)
def test_every_jobs_page_of_a_role_at_two_widths(browser, stack, role):
    pages = [(t, url) for t, url in menu_for(role) if url.startswith("/ui/jobs/")]
    assert pages, f"{role} has no jobs page in its menu"
    sweep(browser, stack, role, pages)


def test_each_records_own_page_at_two_widths(browser, stack, api):
    """The pages reached from a list rather than the menu: an employer's, an order's, an
    application's, the application and placement forms."""
    e = employer(api)
    o = order(api, e["id"], base_id=base(api, e["id"])["id"])
    person_id = worker(api)
    r = api.call("POST", "/api/jobs/applications", as_user="county_admin",
                 json={"person_id": person_id, "order_id": o["id"]})
    assert r.status_code == 201, r.text
    a = r.json()
    r = api.call("POST", f"/api/jobs/applications/{a['id']}/outcome", as_user="county_admin",
                 json={"outcome": "hired"})
    assert r.status_code == 200, r.text
    sweep(browser, stack, "county_admin", [
        (e["name"], f"/ui/jobs/employers/{e['id']}"), ("用工订单", f"/ui/jobs/orders/{o['id']}"),
        ("报名记录", f"/ui/jobs/applications/{a['id']}"), ("登记报名", "/ui/jobs/applications/new"),
        ("登记安置到岗", f"/ui/jobs/applications/{a['id']}/place")])


def test_the_office_establishes_a_base_creates_an_order_and_places_a_worker(browser, stack, api):
    e = employer(api, name=unique("昆山立讯精密"))
    person_id = worker(api)
    base_name, today = unique("昆山电子输出基地"), date.today()
    context, page = new_page(browser, stack)
    problems = []
    page.on("pageerror", lambda err: problems.append(str(err)))
    try:
        login(page, "county_admin")
        page.goto("/ui/jobs/bases")
        page.select_option("#employer_id", e["id"])
        page.fill("#name", base_name)
        page.fill("#agreement_until", (today - timedelta(days=1)).isoformat())  # before the start: refused
        page.fill("#quota", "100")
        page.click("#establish")
        expect(page.locator("#field-agreement_until .field-error")).to_have_text("须晚于协议开始日期")
        expect(page.locator("#name")).to_have_value(base_name)
        page.fill("#agreement_until", (today + timedelta(days=730)).isoformat())
        page.click("#establish")
        expect(page.locator("#created")).to_be_visible()
        expect(page.locator("#bases tr", has_text=base_name)).to_contain_text("已建立")

        page.goto("/ui/jobs/orders")
        page.select_option("#employer_id", e["id"])
        page.select_option("#base_id", label=f"{base_name}({e['name']})")
        page.fill("#position_title_1", "SMT 操作工")
        page.fill("#position_headcount_1", "2")
        page.fill("#required_training", "岗前安全培训")
        page.fill("#departure_date", (today + timedelta(days=14)).isoformat())
        page.click("#create-order")
        expect(page.locator("#created")).to_be_visible()
        expect(page.locator("#order-title")).to_contain_text("待招收")

        page.click("#apply-order")
        page.fill("#person_id", person_id)
        page.click("#record-application")
        expect(page.locator("#created")).to_be_visible()
        page.select_option("#outcome", "hired")
        page.click("#record-outcome")
        page.fill("#monthly_wage", "5600")
        page.select_option("#organized_by", "base")
        page.click("#record-placement")
        expect(page.locator("#created")).to_be_visible()
        expect(page.locator("#placements tr", has_text=person_id)).to_contain_text("5600")
        page.goto("/ui/jobs/bases")
        expect(page.locator("#bases tr", has_text=base_name).locator(".quota-use")).to_contain_text("1(1%)")
        assert not problems, problems
    finally:
        context.close()
    # placement.made reached the registry: the person is now a migrant worker
    assert eventually(lambda: api.call("GET", f"/api/registry/persons/{person_id}", as_user="county_admin")
                      .json().get("status") == "migrant", timeout=30, interval=0.3)


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


def test_a_station_opts_a_worker_in_who_gets_one_sms_and_opts_out_on_a_phone(browser, stack, api):
    """Notifications end to end: the station takes the worker's phone and consent on the 短信订阅
    page; a matching posting is published; the notifier queues the day's message and the
    sender hands it to the delivery log (已发送 in the log, phone masked); the worker opens
    their own page by the code on a phone and opts out."""
    from tests.support.factories import person_body
    from tests.support.wait import eventually
    r = api.call("POST", "/api/registry/persons", as_user="township_staff",
                 json=person_body(job_intention="电子厂普工", skills=["普工"], phone="13700000000"))
    assert r.status_code == 201, r.text
    person_id = r.json()["id"]
    assert eventually(lambda: api.call("GET", f"/api/jobs/matches?person_id={person_id}",
                                       as_user="county_admin").status_code == 200, timeout=60, interval=0.3)
    context, page = new_page(browser, stack)
    try:
        login(page, "township_staff")
        frame = open_page(page, "短信订阅")
        frame.locator("#person_id").fill(person_id)
        frame.locator("#phone").fill("13912340000")
        frame.locator("#channel").select_option("in_person")
        frame.locator("#consent").check()
        frame.locator("#subscribe").click()
        code = frame.locator("#new-code").inner_text(timeout=45_000).strip()
        expect(frame.locator("#subscriptions")).to_contain_text("139********")
        assert "13912340000" not in frame.locator("body").inner_text()
    finally:
        context.close()

    e = employer(api)
    published(api, e["id"], tagged("电子厂普工"))

    def sent():
        r = api.call("GET", "/api/jobs/sms/messages?status=sent&page_size=100", as_user="township_staff")
        return any(m["person_id"] == person_id for m in r.json()["items"])
    assert eventually(sent, timeout=60, interval=0.5), "the message was not sent through the delivery log"

    context, page = new_page(browser, stack, PHONE)  # the worker, no login
    page.on("dialog", lambda d: d.accept())
    try:
        page.goto("/ui/jobs/sms")
        page.fill("#code", code)
        page.click("#open-code")
        expect(page.locator("#own-status")).to_contain_text("已订阅")
        expect(page.locator("#own-messages")).to_contain_text("已发送")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        page.click("#opt-out")
        expect(page.locator("#done")).to_contain_text("已退订")
        expect(page.locator("#own-status")).to_contain_text("已退订")
    finally:
        context.close()
    subs = api.call("GET", "/api/jobs/sms/subscriptions?status=opted_out", as_user="township_staff").json()
    mine = next(s for s in subs["items"] if s["person_id"] == person_id)
    assert mine["history"][-1]["channel"] == "self_service" and "phone" not in mine
