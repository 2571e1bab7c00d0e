"""The register's pages in headless Chromium: a village liaison registers a person through the
form, finds them, opens the record, imports a small xlsx with one bad row and downloads the
error report; every registry page opens at 1280 and 390 px without console errors or codes
shown untranslated."""
import io
import re
import uuid
from datetime import date

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from gateway.ui.menu import (REGISTRY_AUDIT, REGISTRY_CAMPAIGNS, REGISTRY_DUPLICATES, REGISTRY_EXPORTS,
                             REGISTRY_HOUSEHOLDS, REGISTRY_IMPORTS, REGISTRY_QUALITY, REGISTRY_STATS,
                             menu_for)
from tests.e2e.test_browser import browser, login, open_page  # noqa: F401  (browser: fixture)
from tests.support.ids import make_id_number

from playwright import sync_api
expect = sync_api.expect
expect.set_options(timeout=30_000)  # two cores shared with the whole stack
VILLAGE = "411325100201"


@pytest.fixture
def page(browser, stack):  # noqa: F811
    context = browser.new_context(base_url=stack.url("gateway"), locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def small_xlsx(path, good_id: str) -> None:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    ws.write(0, 0, "书院村富余劳动力登记表")
    for j, h in enumerate(["姓名", "身份证号码", "手机号", "村", "文化程度"]):
        ws.write(2, j, h)
    for i, row in enumerate([["周一", good_id, "13600000011", "书院村", "初中"],
                             ["周二", "123", "13600000012", "书院村", "初中"]], start=3):
        for j, v in enumerate(row):
            ws.write_string(i, j, v)
    book.close()


def test_liaison_registers_finds_imports_and_downloads_the_error_report(page, tmp_path):
    login(page, "village_liaison")
    assert [t for t, _ in menu_for("village_liaison") if t in ("人员导入", "台帐导出", "劳动力统计")] == [
        "人员导入", "台帐导出", "劳动力统计"]
    frame = open_page(page, "人员登记")
    id_number = make_id_number(date(1990, 9, 9), male=False)
    frame.locator("#name").fill("𠮷秀兰")
    frame.locator("#id_number").fill(id_number)
    expect(frame.locator("#id-derived")).to_have_text("女,1990-09-09 出生")
    frame.locator("#phone").fill("13837700009")
    frame.locator("#submit").click()
    expect(frame.locator("#success")).to_be_visible()

    frame = open_page(page, "人员列表")
    frame.locator("#name").fill("𠮷秀兰")
    frame.locator("#search").click()
    expect(frame.locator("#persons tbody")).to_contain_text(id_number)
    frame.locator("#persons tbody a", has_text="𠮷秀兰").click()
    expect(frame.locator("#p-id-number")).to_have_text(id_number)
    frame.locator("#course").fill("家政服务")
    frame.locator("#hours").fill("24")
    frame.locator("#started_on").fill("2026-03-01")
    frame.locator("#ended_on").fill("2026-02-01")  # before the start: refused, next to the form
    frame.locator("#add-training").click()
    expect(frame.locator("#error-ended_on")).to_have_text("结束日期早于开始日期")
    frame.locator("#ended_on").fill("2026-03-05")
    frame.locator("#add-training").click()
    expect(frame.locator("#trainings tbody")).to_contain_text("家政服务")

    frame = open_page(page, "人员导入")
    path = tmp_path / "书院村.xlsx"
    small_xlsx(path, make_id_number(date(1993, 3, 3)))
    frame.locator("#file").set_input_files(str(path))
    frame.locator("#start-import").click()
    expect(frame.locator("#import-status")).to_have_text("已完成", timeout=60_000)
    expect(frame.locator("#import-result")).to_contain_text("有效并入库 1 行,无效 1 行")
    with page.expect_download() as dl:
        frame.locator("#error-report").click()
    cells = CalamineWorkbook.from_path(dl.value.path()).get_sheet_by_index(0).to_python()
    assert cells[2][0] == 5 and cells[2][1] == "身份证号" and "18" in cells[2][2]


REVIEW_PAGES = (REGISTRY_HOUSEHOLDS, REGISTRY_CAMPAIGNS, REGISTRY_DUPLICATES, REGISTRY_QUALITY, REGISTRY_AUDIT)


def _review_data(api, width: int) -> dict:
    """A household with a member, a re-check of its township and a likely-duplicate pair, made
    through the API for the review pages to show (names and numbers differ per width)."""
    tag = uuid.uuid4().hex[:6]
    h = api.call("POST", "/api/registry/households", as_user="township_staff",
                 json={"number": f"B-{tag}", "village_code": VILLAGE, "group_name": "二组"})
    assert h.status_code == 201, h.text
    name = "孙重复" if width > 500 else "郑重复"
    born = date(1971, 1, 1) if width > 500 else date(1972, 2, 2)
    ids = [make_id_number(born, male=True) for _ in range(2)]
    for i, number in enumerate(ids):
        r = api.call("POST", "/api/registry/persons", as_user="county_admin",
                     json={"name": name, "id_number": number, "phone": f"1360000003{i}",
                           "township_code": "411325100", "village_code": VILLAGE,
                           **({"household_id": h.json()["id"]} if i == 0 else {})})
        assert r.status_code == 201, r.text
    c = api.call("POST", "/api/registry/campaigns", as_user="township_staff",
                 json={"name": f"春节返乡核查 {tag}", "year": 2027})
    assert c.status_code == 201, c.text
    return {"household": h.json()["id"], "campaign": c.json()["id"], "name": name, "ids": ids}


CODES = re.compile(r"\b(surplus|migrant|returned|entrepreneur|junior_high|senior_high|township|"
                   r"age_band|education|organized|None|null|undefined)\b")


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_registry_pages_open_cleanly_at_desktop_and_phone_widths(browser, stack, api, width, height):  # noqa: F811
    made = api.call("POST", "/api/registry/persons", as_user="county_admin",
                    json={"name": "钱多多", "id_number": make_id_number(date(1986, 6, 6)),
                          "phone": "13600000021", "township_code": "411325100", "village_code": VILLAGE,
                          "job_intention": "电工", "education": "junior_high"})
    assert made.status_code == 201, made.text
    person = made.json()
    review = _review_data(api, width)
    context = browser.new_context(base_url=stack.url("gateway"), locale="zh-CN",
                                  viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for who in ("county_admin", "leader"):
        login(page, who)
        pages = [p for p in (REGISTRY_IMPORTS, REGISTRY_EXPORTS, REGISTRY_STATS, *REVIEW_PAGES)
                 if p in menu_for(who)]
        pages.append(("人员档案", f"/ui/registry/persons/{person['id']}"))
        pages.append(("户 ", f"/ui/registry/households/{review['household']}"))
        pages.append(("核查进度", f"/ui/registry/campaigns/{review['campaign']}"))
        if who == "county_admin":
            pages.append(("核实户", f"/ui/registry/campaigns/{review['campaign']}/households/{review['household']}"))
        for title, url in pages:
            page.goto(url)
            expect(page.locator("h1")).to_contain_text(title)
            text = page.locator("body").inner_text()
            assert not CODES.search(text), (who, url, CODES.search(text).group(0))
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url
        page.goto("/ui/registry/stats?group_by=age_band")
        expect(page.locator("#stats")).to_contain_text("岁")
        if who == "county_admin":  # the flagged pair, side by side; "not a duplicate" works
            page.goto("/ui/registry/duplicates")
            pair = page.locator(".duplicate-pair", has_text=review["name"])
            expect(pair.locator("table")).to_contain_text(review["ids"][0])
            pair.get_by_role("button", name="不是重复").click()
            expect(page.locator("#done-notice")).to_have_text("已标为不是重复。")
            expect(page.locator(".duplicate-pair", has_text=review["name"])).to_have_count(0)
        page.goto("/")
        page.click("#logout")
        page.wait_for_url(re.compile(r"/login$"))
    context.close()
    assert problems == []
