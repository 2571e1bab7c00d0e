"""Evaluation's pages in a real browser (Debian's chromium, headless) on the session's stack:
a leader opens the dashboard and sees the ranking chart; a township submits its monthly
report; every page of the evaluation menus opens in the shell at desktop and phone widths
without a console error, a page wider than the screen, or a code shown instead of Chinese."""
import re

import pytest

from gateway.ui.menu import EVALUATION_MENUS
from tests.e2e.test_browser import browser, login, open_page  # noqa: F401  (browser: a fixture)
from playwright import sync_api

expect = sync_api.expect
CODES = re.compile(r"\b(draft|submitted|returned|accepted|missing|commended|criticized|nominated|"
                   r"shortlisted|awarded|rejected|model_case|media_report|annual|half-year|monthly|"
                   r"quarterly|registered|exported|working_outside|labor_income|data_quality|"
                   r"organization|publicity|county_admin|township_staff|county_labor|None|null|"
                   r"undefined|True|False)\b")


def context(browser, stack, width=1280, height=800):  # noqa: F811
    ctx = browser.new_context(base_url=stack.url("gateway"), locale="zh-CN",
                              viewport={"width": width, "height": height})
    page = ctx.new_page()
    page.set_default_timeout(30_000)  # two cores shared with the whole stack
    return ctx, page


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_leader_sees_the_ranking_chart_and_a_township_submits_its_monthly_report(browser, stack):  # noqa: F811
    ctx, page = context(browser, stack)
    login(page, "leader")
    frame = open_page(page, "领导看板")
    expect(frame.locator("#ranking-chart svg rect.bar")).to_have_count(16)
    expect(frame.locator("#ranking-table")).to_contain_text("城关镇")
    expect(frame.locator("#trend-chart svg polyline")).to_have_count(2)
    expect(frame.locator("#goals-table")).to_contain_text("输出基地")
    ctx.close()

    ctx, page = context(browser, stack)
    login(page, "township_staff")
    frame = open_page(page, "工作报表")
    expect(frame.locator("#report-status")).to_have_text("草稿")
    frame.locator("#narrative").fill("本月组织劳务输出一批,发放宣传资料五百份。")
    frame.locator("#problems").fill("外出务工人员收入信息收集不全")
    frame.locator("#submit").click()
    expect(frame.locator("#report-status")).to_have_text("已上报")
    expect(frame.locator("#notice")).to_contain_text("报告已上报")
    ctx.close()


@pytest.mark.parametrize("role", sorted(EVALUATION_MENUS))
def test_every_evaluation_page_opens_in_the_shell_in_chinese(browser, stack, role):  # noqa: F811
    """Through the shell's menu at 1280 pixels, then each page alone at a phone's 390."""
    ctx, page = context(browser, stack)
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    login(page, role)
    titles = [t.strip() for t in page.locator("#menu-items a").all_inner_texts()]
    for title, url in EVALUATION_MENUS[role]:
        assert title in titles, f"{role} lacks {title}"
        frame = open_page(page, title)
        expect(frame.locator("h1")).to_contain_text(title[:4])
        text = frame.locator("body").inner_text()
        assert not CODES.search(text), f"{url}: code shown: {CODES.search(text).group(0)}"
    page.set_viewport_size({"width": 390, "height": 844})
    for title, url in EVALUATION_MENUS[role]:
        page.goto(url)
        expect(page.locator("h1")).to_contain_text(title[:4])
        assert fits(page), url
    ctx.close()
    assert problems == []
