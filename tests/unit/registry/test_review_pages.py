"""The register's household, re-check, data-quality, read-audit, duplicate and income pages,
rendered by the service's own app over the fakes (no servers): each answers in Chinese for the
roles its route admits and refuses the others, forms post to the same use cases, errors are
shown next to their fields and nothing is half-written; the duplicates API's dismiss."""
import re
from datetime import date

import pytest

from services.registry.app import build_app
from services.registry.domain.labor_age import LaborAges
from services.registry.service_layer import households as household_cases
from services.registry.service_layer import persons as person_cases
from tests.support.factories import OTHER_TOWN, OTHER_VILLAGE, TOWN, VILLAGE, actor, person_body
from tests.support.ids import make_id_number
from tests.support.registry_fakes import REGIONS, FakeRegistryUnitOfWork
from tests.support.pages import as_test_users

USERS = {"county": actor("county_admin"), "town": actor("township_staff"),
         "other_town": actor("township_staff", OTHER_TOWN), "liaison": actor("village_liaison"),
         "leader": actor("leader"), "police": actor("police_officer", department="police")}


class FakeRegistry:
    """The composition root's doors the pages use, over one in-memory unit of work."""
    def __init__(self):
        self.shared = FakeRegistryUnitOfWork()
        self.db = None
        self.labor_ages = LaborAges()
        self.regions = type("Regions", (), {"get": staticmethod(lambda: REGIONS)})()

    def uow(self):
        return self.shared

    def reader(self):
        return self.shared.persons

    def read_audit(self):
        return self.shared.reads


@pytest.fixture
def registry():
    return FakeRegistry()


@pytest.fixture(scope="module")
def app():
    # built once (it is most of a test's time); each test brings its fakes
    return as_test_users(build_app(None), USERS)


@pytest.fixture
def client(app, registry):
    app.extensions["registry"] = registry
    return app.test_client()


def get(client, path, who, status=200):
    r = client.get(path, headers={"X-Test-User": who})
    assert r.status_code == status, r.get_data(as_text=True)[:800]
    return r.get_data(as_text=True)


def post(client, path, data, who):
    return client.post(path, data=data, headers={"X-Test-User": who})


def register(registry, who="county", **over):
    return person_cases.register_person(registry.shared, REGIONS, person_body(**over), USERS[who])


# ---- households -------------------------------------------------------------------------------

def test_a_liaison_registers_a_household_and_sees_it_with_its_members(client, registry):
    html = get(client, "/ui/registry/households", "liaison")
    assert "<h1>户与成员</h1>" in html and 'name="csrf_token"' in html and "登记一户" in html
    r = post(client, "/ui/registry/households", {"number": "A-017", "village_code": VILLAGE,
                                                  "group_name": "三组"}, "liaison")
    assert r.status_code == 303, r.get_data(as_text=True)[:800]
    [h] = registry.shared.households.rows.values()
    assert h["created_by"]["username"] == "village_liaison"
    register(registry, "liaison", name="周桂兰", household_id=h["_id"])
    listing = get(client, "/ui/registry/households", "liaison")
    assert "A-017" in listing and "三组" in listing and "新登记" not in listing
    page = get(client, f"/ui/registry/households/{h['_id']}", "liaison")
    member = next(iter(p for p in registry.shared.persons.rows.values()))
    assert "周桂兰" in page and member["id_number"] in page  # the keeper sees the number
    masked = get(client, f"/ui/registry/households/{h['_id']}", "leader")
    assert "周桂兰" in masked and member["id_number"] not in masked and member["id_number"][:6] + "*" in masked


def test_household_form_errors_sit_next_to_their_fields_and_nothing_is_stored(client, registry):
    r = post(client, "/ui/registry/households", {"number": "", "village_code": OTHER_VILLAGE}, "liaison")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and not registry.shared.households.rows
    assert re.search(r'id="error-number"[^>]*>必填字段缺失', html)
    r = post(client, "/ui/registry/households", {"number": "9", "village_code": "411325999999"}, "liaison")
    assert r.status_code == 400 and re.search(r'id="error-village_code"[^>]*>未知的村代码',
                                              r.get_data(as_text=True))
    assert not registry.shared.households.rows


def test_household_pages_refuse_roles_outside_the_register(client):
    get(client, "/ui/registry/households", "police", status=403)
    assert post(client, "/ui/registry/households", {"number": "1", "village_code": VILLAGE},
                "leader").status_code == 403
    assert "登记一户" not in get(client, "/ui/registry/households", "leader")


# ---- the Spring Festival re-check ---------------------------------------------------------------

def _household_with_two(registry):
    h = household_cases.add_household(registry.shared, REGIONS, {"number": "8", "village_code": VILLAGE},
                                      USERS["town"])
    a = register(registry, name="吴大", household_id=h["_id"])
    b = register(registry, name="吴二", id_number=make_id_number(date(1999, 9, 9)), household_id=h["_id"])
    return h, a, b


def test_a_township_opens_a_campaign_and_a_liaison_confirms_a_household_in_one_form(client, registry):
    h, a, b = _household_with_two(registry)
    assert 'id="campaign-form"' in get(client, "/ui/registry/campaigns", "town")
    assert 'id="campaign-form"' not in get(client, "/ui/registry/campaigns", "liaison")
    r = post(client, "/ui/registry/campaigns", {"name": "2027 年春节返乡核查", "year": "2027"}, "town")
    assert r.status_code == 303, r.get_data(as_text=True)[:800]
    campaign_url = r.headers["Location"]
    progress = get(client, campaign_url, "town")
    assert "书院村" in progress and re.search(r'id="campaign-confirmed">0</strong> / 1 户', progress)

    form_url = f"{campaign_url}/households/{h['_id']}"
    form = get(client, form_url, "liaison")
    assert "吴大" in form and "吴二" in form and 'name="members.1.employer"' in form
    r = post(client, form_url, {"count": "2", "income_year": "2026",
                                "members.0.person_id": a["_id"], "members.0.version": "1",
                                "members.0.status": "migrant", "members.0.employer": "宁波某电子厂",
                                "members.0.city": "宁波", "members.0.destination": "yangtze_delta",
                                "members.0.organization": "organized",
                                "members.0.monthly_income": "5200", "members.0.income": "48000",
                                "members.1.person_id": b["_id"], "members.1.version": "1"}, "liaison")
    assert r.status_code == 303, r.get_data(as_text=True)[:800]
    first = registry.shared.persons.get(a["_id"])
    assert first["status"] == "migrant" and first["employment"]["employer"] == "宁波某电子厂"
    assert first["employment"]["organized"] is True
    assert first["incomes"][0]["year"] == 2026 and first["incomes"][0]["amount"] == 48000
    assert registry.shared.persons.get(b["_id"])["confirmed_at"] is not None
    done = get(client, r.headers["Location"], "town")
    assert "该户已核实" in done and re.search(r'id="campaign-confirmed">1</strong> / 1 户', done)
    assert "已核实(village_liaison" in done


def test_a_bad_member_field_is_shown_next_to_it_and_no_member_is_changed(client, registry):
    h, a, b = _household_with_two(registry)
    c = household_cases.open_campaign(registry.shared, {"name": "核查", "year": 2027}, USERS["town"])
    events_before = len(registry.shared.published)
    r = post(client, f"/ui/registry/campaigns/{c['_id']}/households/{h['_id']}",
             {"count": "2", "members.0.person_id": a["_id"], "members.0.version": "1",
              "members.0.status": "migrant", "members.0.employer": "某厂",
              "members.1.person_id": b["_id"], "members.1.version": "1",
              "members.1.monthly_income": "很多"}, "liaison")
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert re.search(r'id="error-members.1.monthly_income"[^>]*>类型应为', html)
    assert 'value="某厂"' in html  # what was typed stays
    assert registry.shared.persons.get(a["_id"])["status"] == "surplus"
    assert len(registry.shared.published) == events_before
    # a stale version (someone edited the person meanwhile): the banner says so, nothing kept
    r = post(client, f"/ui/registry/campaigns/{c['_id']}/households/{h['_id']}",
             {"count": "1", "members.0.person_id": a["_id"], "members.0.version": "7",
              "members.0.status": "migrant"}, "liaison")
    assert r.status_code == 409 and "已被他人修改" in r.get_data(as_text=True)
    assert registry.shared.persons.get(a["_id"])["status"] == "surplus"
    # a move the status workflow refuses: said in words, not as the workflow's codes
    r = post(client, f"/ui/registry/campaigns/{c['_id']}/households/{h['_id']}",
             {"count": "1", "members.0.person_id": a["_id"], "members.0.version": "1",
              "members.0.status": "returned"}, "liaison")
    html = r.get_data(as_text=True)
    assert r.status_code == 409 and "不能执行“转为返乡”" in html and "state:surplus" not in html


def test_campaign_roles(client, registry):
    h, _, _ = _household_with_two(registry)
    assert post(client, "/ui/registry/campaigns", {"name": "核查", "year": "2027"}, "liaison").status_code == 403
    r = post(client, "/ui/registry/campaigns", {"name": "核查", "year": "1900"}, "town")
    assert r.status_code == 400 and re.search(r'id="error-year"[^>]*>超出允许范围', r.get_data(as_text=True))
    c = household_cases.open_campaign(registry.shared, {"name": "核查", "year": 2027}, USERS["town"])
    get(client, f"/ui/registry/campaigns/{c['_id']}", "other_town", status=403)
    assert "逐户核实" not in get(client, f"/ui/registry/campaigns/{c['_id']}", "leader")
    get(client, f"/ui/registry/campaigns/{c['_id']}/households/{h['_id']}", "leader", status=403)
    get(client, "/ui/registry/campaigns", "police", status=403)


# ---- data quality -------------------------------------------------------------------------------

def test_quality_for_the_county_and_a_township_and_the_publish_button(client, registry):
    register(registry, education="primary")
    register(registry, id_number=make_id_number(), township_code=OTHER_TOWN, village_code=OTHER_VILLAGE)
    county = get(client, "/ui/registry/quality", "county")
    assert "城关镇" in county and 'id="quality-villages"' not in county and "立即发布数据质量" in county
    chosen = get(client, f"/ui/registry/quality?township_code={TOWN}", "county")
    assert 'id="quality-villages"' in chosen and "书院村" in chosen
    town = get(client, "/ui/registry/quality", "town")
    assert "书院村" in town and 'id="quality-townships"' not in town and "立即发布" not in town
    assert "立即发布" not in get(client, "/ui/registry/quality", "leader")
    get(client, "/ui/registry/quality", "liaison", status=403)
    assert post(client, "/ui/registry/quality/publish", {}, "leader").status_code == 403
    r = post(client, "/ui/registry/quality/publish", {}, "county")
    assert r.status_code == 303 and r.headers["Location"] == "/ui/registry/quality?published=2"
    assert len(registry.shared.events_of("data_quality.measured")) == 2


# ---- the read audit -----------------------------------------------------------------------------

def test_the_read_audit_page_for_the_county_office_only(client, registry):
    p = register(registry)
    get(client, f"/ui/registry/persons/{p['_id']}", "town")  # an unmasked read: recorded
    html = get(client, "/ui/registry/audit?username=township_staff", "county")
    assert "查看档案" in html and "乡镇" in html and p["_id"][:8] in html
    assert "township_staff" in html
    bad = client.get("/ui/registry/audit?action=steal", headers={"X-Test-User": "county"})
    assert bad.status_code == 400 and re.search(r'id="error-action"[^>]*>取值应为', bad.get_data(as_text=True))
    for who in ("town", "leader", "liaison"):
        get(client, "/ui/registry/audit", who, status=403)


# ---- likely duplicates --------------------------------------------------------------------------

def _pair(registry, **over_b):
    a = register(registry, name="陈建国", id_number=make_id_number(date(1980, 3, 3), male=True))
    b = register(registry, name="陈建国", id_number=make_id_number(date(1980, 3, 3), male=True), **over_b)
    return a, b


def test_the_pair_is_shown_side_by_side_and_merged_with_history_kept(client, registry):
    a, b = _pair(registry)
    html = get(client, "/ui/registry/duplicates", "town")
    assert html.count('class="duplicate-pair"') == 1 and a["id_number"] in html and b["id_number"] in html
    assert registry.shared.reads.rows and list(registry.shared.reads.rows.values())[-1]["action"] == "list"
    r = post(client, "/ui/registry/duplicates/merge", {"keep_id": a["_id"], "drop_id": b["_id"],
                                                        "version": str(registry.shared.persons.get(a["_id"])["version"])}, "town")
    assert r.status_code == 303 and r.headers["Location"] == "/ui/registry/duplicates?done=merged"
    assert registry.shared.persons.get(b["_id"])["merged_into"] == a["_id"]
    assert [h["action"] for h in registry.shared.persons.history(b["_id"])][-1] == "merged"
    assert "暂无待核对的疑似重复档案" in get(client, "/ui/registry/duplicates?done=merged", "town")


def test_not_a_duplicate_clears_both_flags_and_is_logged(client, registry):
    a, b = _pair(registry)
    version = registry.shared.persons.get(a["_id"])["version"]
    r = post(client, "/ui/registry/duplicates/dismiss", {"person_id": a["_id"], "other_id": b["_id"],
                                                          "version": str(version)}, "liaison")
    assert r.status_code == 303, r.get_data(as_text=True)[:800]
    for pid, other in ((a["_id"], b["_id"]), (b["_id"], a["_id"])):
        p = registry.shared.persons.get(pid)
        assert not p.get("duplicate_suspects") and p["not_duplicates"] == [other]
        last = registry.shared.persons.history(pid)[-1]
        assert last["action"] == "duplicate_dismissed" and last["by"]["username"] == "village_liaison"
    # a second dismissal of the same pair: no longer flagged, said on the page, nothing changes
    r = post(client, "/ui/registry/duplicates/dismiss", {"person_id": a["_id"], "other_id": b["_id"],
                                                          "version": str(version + 1)}, "liaison")
    assert r.status_code == 400 and "没有被标记为疑似重复" in r.get_data(as_text=True)


def test_a_stale_version_is_refused_on_the_page(client, registry):
    a, b = _pair(registry)
    r = post(client, "/ui/registry/duplicates/merge", {"keep_id": a["_id"], "drop_id": b["_id"],
                                                        "version": "99"}, "county")
    assert r.status_code == 409 and "已被他人修改" in r.get_data(as_text=True)
    assert not registry.shared.persons.get(b["_id"]).get("merged_into")


def test_a_pair_across_townships_is_for_the_county(client, registry):
    _pair(registry, township_code=OTHER_TOWN, village_code=OTHER_VILLAGE)
    town = get(client, "/ui/registry/duplicates", "town")
    assert 'class="duplicate-pair"' not in town and re.search(r'id="elsewhere">另有 1 条', town)
    assert get(client, "/ui/registry/duplicates", "county").count('class="duplicate-pair"') == 1
    get(client, "/ui/registry/duplicates", "leader", status=403)
    assert post(client, "/ui/registry/duplicates/dismiss", {"person_id": "x", "other_id": "y", "version": "1"},
                "leader").status_code == 403


def test_the_duplicates_api_lists_and_dismisses(client, registry):
    a, b = _pair(registry)
    r = client.get("/api/registry/duplicates", headers={"X-Test-User": "county"})
    assert r.status_code == 200 and r.json["total"] == 2 and len(r.json["items"]) == 1
    assert {r.json["items"][0]["a"]["id"], r.json["items"][0]["b"]["id"]} == {a["_id"], b["_id"]}
    bad = client.post(f"/api/registry/persons/{a['_id']}/not-duplicate", json={"other_id": b["_id"]},
                      headers={"X-Test-User": "county"})
    assert bad.status_code == 400 and bad.json["error"]["fields"] == {"version": "必填字段缺失"}
    version = registry.shared.persons.get(a["_id"])["version"]
    ok = client.post(f"/api/registry/persons/{a['_id']}/not-duplicate",
                     json={"other_id": b["_id"], "version": version}, headers={"X-Test-User": "county"})
    assert ok.status_code == 200 and ok.json["not_duplicates"] == [b["_id"]]
    assert client.get("/api/registry/duplicates", headers={"X-Test-User": "county"}).json["items"] == []
    assert client.get("/api/registry/duplicates", headers={"X-Test-User": "leader"}).status_code == 403


# ---- the income form on the person page -------------------------------------------------------

def test_the_income_form_reports_and_refuses_next_to_the_field(client, registry):
    p = register(registry)
    page = get(client, f"/ui/registry/persons/{p['_id']}", "liaison")
    assert 'id="income-form"' in page and "年度劳务收入" in page
    r = post(client, f"/ui/registry/persons/{p['_id']}/incomes", {"year": "2026", "amount": "36000.5"}, "liaison")
    assert r.status_code == 303
    assert registry.shared.persons.get(p["_id"])["incomes"][0]["amount"] == 36000.5
    assert registry.shared.events_of("income.reported")[-1]["data"]["year"] == 2026
    r = post(client, f"/ui/registry/persons/{p['_id']}/incomes", {"year": "2026", "amount": "-5"}, "liaison")
    assert r.status_code == 400 and re.search(r'id="error-amount"[^>]*>超出允许范围', r.get_data(as_text=True))
    assert post(client, f"/ui/registry/persons/{p['_id']}/incomes", {"year": "2026", "amount": "1"},
                "leader").status_code == 403
    assert 'id="income-form"' not in get(client, f"/ui/registry/persons/{p['_id']}", "leader")


def test_each_registry_page_is_in_the_menu_of_exactly_the_roles_its_route_admits(app):
    from gateway.ui.menu import MENUS, REGISTRY_MENUS
    # the module's app: its routes and roles are what the menu must match
    adapter = app.url_map.bind("localhost")
    pages = {url for items in REGISTRY_MENUS.values() for _, url in items if url.startswith("/ui/registry/")}
    assert {"/ui/registry/households", "/ui/registry/campaigns", "/ui/registry/duplicates",
            "/ui/registry/quality", "/ui/registry/audit"} <= pages
    for url in pages | {"/ui/registry/persons/new", "/ui/registry/persons"}:
        endpoint, _ = adapter.match(url, method="GET")
        roles = app.view_functions[endpoint].required_roles
        in_menu = {role for role, items in MENUS.items() if url in [u for _, u in items]}
        assert in_menu == set(roles), url


def test_the_household_list_filters_by_village_and_a_member_links_to_it(client, registry):
    h = household_cases.add_household(registry.shared, REGIONS, {"number": "F-1", "village_code": VILLAGE},
                                      USERS["county"])
    household_cases.add_household(registry.shared, REGIONS, {"number": "F-2", "village_code": OTHER_VILLAGE},
                                  USERS["county"])
    html = get(client, f"/ui/registry/households?village={VILLAGE}", "county")
    assert "F-1" in html and "F-2" not in html
    assert html.count('id="village_code"') == 1  # the filter and the form do not share an id
    p = register(registry, household_id=h["_id"])
    page = get(client, f"/ui/registry/persons/{p['_id']}", "county")
    assert f'href="/ui/registry/households/{h["_id"]}" id="p-household"' in page


def test_a_version_past_what_mongodb_stores_is_a_field_error_not_a_crash(client, registry):
    h, a, _ = _household_with_two(registry)
    c = household_cases.open_campaign(registry.shared, {"name": "核查", "year": 2027}, USERS["town"])
    r = post(client, f"/ui/registry/campaigns/{c['_id']}/households/{h['_id']}",
             {"count": "1", "members.0.person_id": a["_id"], "members.0.version": str(2 ** 64)}, "liaison")
    assert r.status_code == 400 and "超出允许范围" in r.get_data(as_text=True)


# ---- the person list's order ------------------------------------------------------------------

def test_the_person_list_is_in_ledger_order_unless_another_order_is_chosen(client, registry):
    first = register(registry, name="王先登", id_number=make_id_number(date(1980, 1, 1), male=True),
                     township_code=OTHER_TOWN, village_code=OTHER_VILLAGE)
    second = register(registry, name="李后登", id_number=make_id_number(date(1981, 1, 1), male=True))
    first_at, second_at = sorted([first["created_at"], second["created_at"]])
    first["created_at"], second["created_at"] = first_at, second_at   # registered in this order
    ledger = sorted([first, second], key=lambda p: p["village_code"])
    html = get(client, "/ui/registry/persons", "county")
    assert '<option value="village_code">台帐顺序(按村)</option>' in html and "最新登记在前" in html
    assert html.index(ledger[0]["name"]) < html.index(ledger[1]["name"])
    newest = get(client, "/ui/registry/persons?sort=-created_at", "county")
    assert '<option value="-created_at" selected>' in newest
    assert newest.index("李后登") < newest.index("王先登")
    bad = client.get("/ui/registry/persons?sort=salary", headers={"X-Test-User": "county"})
    assert bad.status_code == 400 and "可按" in bad.get_data(as_text=True)
