"""The shared page chassis (services/common/ui): the base layout carries the CSRF token for
forms and htmx, errors on a page become a page (401 -> the login), htmx requests get only the
fragment they swap, macros show field errors inline and the rest in the banner."""
import re

import pytest
from flask import Flask, render_template_string, request

from services.common.domain.choices import Choices
from services.common.domain.errors import InvalidField, OutOfRegion
from services.common.errors import ApiError
from services.common.ui import form_values, install_ui, page_blueprint, render_page

COLORS = Choices([("red", "红"), ("blue", "蓝")])
PAGE = """{% extends "lex/base.html" %}{% import "lex/macros.html" as m %}
{% block title %}测试{% endblock %}
{% block body %}<h1>测试</h1>{% block results %}<div id="results">第 {{ n }} 页</div>{{ m.notice("完") }}{% endblock %}{% endblock %}"""


@pytest.fixture(scope="module")
def app():
    # one app for the module: no test changes it (each request and client is its own)
    app = Flask("t")
    install_ui(app)
    pages = page_blueprint("t_ui", __name__, "demo")

    @pages.get("/list")
    def listing():
        return render_page("t/list.html", fragment="results", n=request.args.get("n", "1"))

    @pages.get("/secret")
    def secret():
        raise ApiError(401, "unauthenticated", "需要登录")

    @pages.get("/elsewhere")
    def elsewhere():
        raise OutOfRegion("无权查看其他辖区的人员")

    @pages.post("/form")
    def form():
        return form_values(["name", "skills", "id_number", "note"], lists=("skills",), upper=("id_number",))

    app.register_blueprint(pages)
    from jinja2 import ChoiceLoader, DictLoader
    app.jinja_env.loader = ChoiceLoader([DictLoader({"t/list.html": PAGE}), app.jinja_env.loader])
    return app


def test_the_layout_carries_the_csrf_token_to_htmx_and_forms(app):
    with app.test_request_context(headers={"X-CSRF-Token": "tok-123"}):
        html = render_template_string(PAGE, n=1)
        form = render_template_string("{{ csrf_field() }}")
    assert '<meta charset="utf-8">' in html and 'lang="zh-CN"' in html
    assert """hx-headers='{"X-CSRF-Token": "tok-123"}'""" in html
    assert '<script src="/static/htmx.min.js"></script>' in html
    assert form == '<input type="hidden" name="csrf_token" value="tok-123">'


def test_a_hostile_csrf_header_cannot_break_out_of_the_attribute(app):
    with app.test_request_context(headers={"X-CSRF-Token": "x'><script>alert(1)</script>"}):
        html = render_template_string(PAGE, n=1)
        form = render_template_string("{{ csrf_field() }}")
    assert "<script>alert" not in html and "<script>alert" not in form


def test_htmx_gets_only_the_fragment_and_a_browser_the_whole_page(app):
    client = app.test_client()
    whole = client.get("/ui/demo/list?n=2").get_data(as_text=True)
    part = client.get("/ui/demo/list?n=2", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<h1>测试</h1>" in whole and '<div id="results">第 2 页</div>' in whole
    assert part.startswith('<div id="results">第 2 页</div>') and "<h1>" not in part
    assert 'id="notice">完<' in part  # the macros work in a fragment too


def test_401_on_a_page_sends_the_browser_to_the_login_and_back(app):
    r = app.test_client().get("/ui/demo/secret?x=1")
    assert r.status_code == 303 and r.headers["Location"] == "/login?next=/ui/demo/secret%3Fx%3D1"
    r = app.test_client().get("/ui/demo/secret", headers={
        "HX-Request": "true", "HX-Current-URL": "http://127.0.0.1:8000/ui/demo/list?n=2"})
    assert r.status_code == 401 and r.headers["HX-Redirect"] == "/login?next=/ui/demo/list%3Fn%3D2"


def test_domain_errors_on_a_page_render_as_a_chinese_page(app):
    r = app.test_client().get("/ui/demo/elsewhere")
    assert r.status_code == 403 and r.mimetype == "text/html"
    assert "无权查看其他辖区的人员" in r.get_data(as_text=True)


def test_form_values_become_the_apis_body(app):
    r = app.test_client().post("/ui/demo/form", data={
        "name": "  张三 ", "skills": "电焊、瓦工, 厨师", "id_number": "41132519880308123x", "note": "  "})
    assert r.json == {"name": "张三", "skills": ["电焊", "瓦工", "厨师"], "id_number": "41132519880308123X"}


def macro(app, call: str, **ctx) -> str:
    with app.test_request_context(headers={"X-CSRF-Token": "tok"}):
        return render_template_string('{% import "lex/macros.html" as m %}' + call, **ctx)


def test_field_shows_its_own_error_inline(app):
    html = macro(app, '{{ m.field("phone", "手机号", "123", errors=errors, required=True) }}',
                 errors={"phone": "须为 11 位手机号"})
    assert 'class="field has-error"' in html and 'aria-invalid="true"' in html
    assert re.search(r'id="error-phone"[^>]*>须为 11 位手机号<', html)
    assert 'value="123"' in html
    clean = macro(app, '{{ m.field("phone", "手机号", "") }}')
    assert "has-error" not in clean


def test_list_item_errors_land_on_their_field(app):
    html = macro(app, '{{ m.field("skills", "技能") }}{{ m.field("skills", "技能", errors=e) }}',
                 e={"skills.0": "过长"})
    assert html.count("过长") == 1


def test_the_banner_lists_only_reasons_no_field_shows_with_chinese_names(app):
    error = InvalidField("请求数据不符合要求", {"name": "必填字段缺失", "household_id": "过长"})
    html = macro(app, '{{ m.errors(e, shown=["name"], labels={"household_id": "户号"}) }}',
                 e={"message": error.message, "fields": error.fields})
    assert "请求数据不符合要求" in html and "户号:过长" in html and "必填字段缺失" not in html


def test_select_marks_the_chosen_label_and_the_label_filter(app):
    html = macro(app, '{{ m.select("color", "颜色", C.items(), "blue") }}|{{ "red"|label(C) }}', C=COLORS)
    assert '<option value="blue" selected>蓝</option>' in html and html.endswith("|红")


def test_pager_links_work_without_script_and_swap_with_htmx(app):
    html = macro(app, '{{ m.pager(2, 20, 45, "/ui/x?status=surplus&", target="#results") }}')
    assert 'href="/ui/x?status=surplus&amp;page=1"' in html and 'href="/ui/x?status=surplus&amp;page=3"' in html
    assert 'hx-target="#results"' in html and "第 2 / 3 页,共 45 条" in html
    first = macro(app, '{{ m.pager(1, 20, 5, "/ui/x?") }}')
    assert "上一页" not in first and "下一页" not in first and "hx-get" not in first


@pytest.mark.parametrize("value,day", [("2026-03-01T15:59:59+00:00", "2026-03-01"),
                                       ("2026-03-01T16:00:00.123456+00:00", "2026-03-02"),
                                       ("2026-03-01T16:00:00", "2026-03-02"), (None, "")])
def test_day_is_the_date_in_china(app, value, day):
    assert macro(app, "{{ v|day }}", v=value) == day


def test_workflow_buttons_post_with_the_csrf_token(app):
    html = macro(app, '{{ m.workflow_buttons("/ui/jobs/postings/7", [("approve", "通过", False), ("reject", "退回", True)]) }}')
    assert html.count('name="csrf_token" value="tok"') == 2
    assert 'action="/ui/jobs/postings/7/approve"' in html and 'name="reason" required' in html


def test_page_behaviours_need_no_inline_script(app):
    """The CSP runs no inline handlers: print and confirm are data attributes page.js reads."""
    html = macro(app, '{{ m.print_button() }}{{ m.action_button("/x", "撤销", confirm="确定撤销吗?") }}')
    assert "data-print" in html and 'data-confirm="确定撤销吗?"' in html
    assert not re.search(r"\son[a-z]+=|javascript:", html)
    with app.test_request_context():
        page = render_template_string(PAGE, n=1) + render_template_string(
            '{% extends "lex/error.html" %}', error={"message": "无权", "fields": {}})
    assert '<script src="/static/page.js"></script>' in page
    assert not re.search(r"\son[a-z]+=|javascript:|<script>", page)
