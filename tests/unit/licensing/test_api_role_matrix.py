"""The role matrix on the real routes (labor, police, commerce, leader, worker, public), the
error shape naming the field, and the pages' access, on fakes."""
import copy

import pytest

from tests.support.licensing_fakes import application_body

from .web import FakeLicensing, auth, make_app

ROLES = ["county_admin", "police_officer", "commerce_officer", "leader", "worker", None]


@pytest.fixture(scope="module")
def app():
    return make_app()


@pytest.fixture
def client(app):
    app.extensions["licensing"] = FakeLicensing()  # every test starts from empty stores
    return app.test_client()


_LICENSED: dict = {}   # operating -> (the stores after licensing, the agency as approved)


def licensed(client, operating=True) -> dict:
    """A test's first step, in its empty stores: an agency applied for, reviewed and approved
    through the routes (and, `operating`, its business license entered by commerce). Done
    through the API once per module; later tests start from a copy of the stores it left."""
    app = client.application
    assert not app.extensions["licensing"].shared.agencies.rows, "licensed() starts from empty stores"
    if operating not in _LICENSED:
        a = client.post("/api/licensing/agencies", json=application_body(), headers=auth("county_admin")).json
        client.post(f"/api/licensing/agencies/{a['id']}/review", json={}, headers=auth("county_admin"))
        a = client.post(f"/api/licensing/agencies/{a['id']}/approve", json={}, headers=auth("county_admin")).json
        assert a["status"] == "licensed", a
        if operating:
            r = client.put(f"/api/licensing/agencies/{a['id']}/business-license", headers=auth("commerce_officer"),
                           json={"number": "411325000000001", "registered_on": "2026-03-05"})
            assert r.status_code == 200, r.json
        _LICENSED[operating] = (copy.deepcopy(app.extensions["licensing"]), a)
    stores, agency = _LICENSED[operating]
    app.extensions["licensing"] = copy.deepcopy(stores)
    return copy.deepcopy(agency)


@pytest.mark.parametrize("role, status", list(zip(ROLES, [201, 403, 403, 403, 403, 401])))
def test_only_the_labor_office_takes_applications(client, role, status):
    r = client.post("/api/licensing/agencies", json=application_body(), headers=auth(role))
    assert r.status_code == status, r.json
    if status >= 400:
        assert set(r.json["error"]) == {"code", "message", "fields"}


@pytest.mark.parametrize("role, status", list(zip(ROLES, [403, 403, 200, 403, 403, 401])))
def test_only_commerce_enters_the_business_license(client, role, status):
    a = licensed(client, operating=False)
    r = client.put(f"/api/licensing/agencies/{a['id']}/business-license", headers=auth(role),
                   json={"number": "411325000000009", "registered_on": "2026-03-05"})
    assert r.status_code == status
    if status == 200:
        assert r.json["operating"] is True


@pytest.mark.parametrize("role, status", list(zip(ROLES, [200, 200, 200, 200, 403, 401])))
def test_agency_files_are_read_by_the_departments_not_by_workers(client, role, status):
    a = licensed(client)
    r = client.get(f"/api/licensing/agencies/{a['id']}", headers=auth(role))
    assert r.status_code == status
    if role in ("police_officer", "leader"):
        assert r.json["contact_phone"] == "139****0001"


@pytest.mark.parametrize("role", ROLES)
def test_everyone_may_verify_and_report(client, role):
    a = licensed(client)
    r = client.get("/api/licensing/verify?q=" + a["license_number"], headers=auth(role))
    assert r.status_code == 200 and r.json["status"] == "licensed"
    assert r.json["matches"][0]["score_band"] == "excellent"
    r = client.post("/api/licensing/tips", headers=auth(role),
                    json={"suspect_name": "宏发劳务", "place": "汽车站", "details": "收费后失联了"})
    assert r.status_code == 201 and set(r.json) == {"id", "received_at", "anonymous"}


@pytest.mark.parametrize("role, status", list(zip(ROLES, [201, 201, 201, 403, 403, 401])))
def test_enforcement_is_for_labor_police_and_commerce(client, role, status):
    r = client.post("/api/licensing/enforcement", headers=auth(role),
                    json={"suspect_name": "宏发劳务", "place": "汽车站"})
    assert r.status_code == status
    if status == 201:
        listed = client.get("/api/licensing/enforcement", headers=auth(role)).json
        assert listed["total"] == 1   # its own case


def test_each_department_sees_only_its_cases(client):
    case = client.post("/api/licensing/enforcement", headers=auth("police_officer"),
                       json={"suspect_name": "宏发劳务", "place": "汽车站"}).json
    assert client.get(f"/api/licensing/enforcement/{case['id']}", headers=auth("commerce_officer")).status_code == 403
    r = client.post(f"/api/licensing/enforcement/{case['id']}/departments", headers=auth("police_officer"),
                    json={"department": "commerce"})
    assert r.status_code == 200
    r = client.post(f"/api/licensing/enforcement/{case['id']}/actions", headers=auth("commerce_officer"),
                    json={"kind": "fined", "note": "罚款", "amount": 5000})
    assert r.status_code == 201 and r.json["status"] == "investigating"
    r = client.post(f"/api/licensing/enforcement/{case['id']}/actions", headers=auth("police_officer"),
                    json={"kind": "closed_down", "note": "取缔"})
    assert r.status_code == 403
    assert client.get("/api/licensing/tips", headers=auth("police_officer")).status_code == 403
    page = client.get(f"/ui/licensing/enforcement/{case['id']}", headers=auth("commerce_officer"))
    assert page.status_code == 200 and "罚款" in page.text and "5000.00 元" in page.text
    r = client.post(f"/ui/licensing/enforcement/{case['id']}/close", headers=auth("commerce_officer"),
                    data={"result": "fined", "note": "已罚款结案"})
    assert r.status_code == 303
    assert "已罚款" in client.get(f"/ui/licensing/enforcement/{case['id']}", headers=auth("police_officer")).text


def test_bad_input_names_the_field(client):
    r = client.post("/api/licensing/agencies", headers=auth("county_admin"),
                    json=application_body(contact_phone="12345"))
    assert r.status_code == 400 and "contact_phone" in r.json["error"]["fields"]
    r = client.post("/api/licensing/agencies", headers=auth("county_admin"),
                    json=application_body(credit_code="91411325MA00000019"))
    assert r.status_code == 400 and r.json["error"]["fields"]["credit_code"] == "校验码错误"
    a = licensed(client)
    r = client.post(f"/api/licensing/agencies/{a['id']}/revoke", headers=auth("county_admin"), json={})
    assert r.status_code == 400 and "reason" in r.json["error"]["fields"]
    r = client.get("/api/licensing/verify?q=x")
    assert r.status_code == 400 and "q" in r.json["error"]["fields"]
    client.post(f"/api/licensing/agencies/{a['id']}/revoke", headers=auth("county_admin"), json={"reason": "违规收费"})
    r = client.post(f"/api/licensing/agencies/{a['id']}/renew", headers=auth("county_admin"), json={})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"status": "revoked"}
    r = client.post("/api/licensing/tips", json={"suspect_name": "宏发", "place": "x"})
    assert r.status_code == 400 and "place" in r.json["error"]["fields"]
    assert client.get("/api/licensing/agencies/nope", headers=auth("county_admin")).status_code == 404


def test_an_approved_ad_has_a_public_filing_and_a_qr_code(client):
    a = licensed(client)
    ad = client.post("/api/licensing/ads", headers=auth("county_admin"),
                     json={"submitter_type": "agency", "agency_id": a["id"], "medium": "radio",
                           "outlet": "内乡人民广播电台", "title": "招聘保安", "content": "招聘保安 10 名,月薪 3500 元"}).json
    r = client.post(f"/api/licensing/ads/{ad['id']}/review", headers=auth("county_admin"), json={"decision": "approve"})
    number = r.json["filing_number"]
    public = client.get(f"/api/licensing/ads/filing/{number}").json
    assert public["agency"]["license_number"] == a["license_number"]
    svg = client.get(f"/api/licensing/ads/filing/{number}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert client.get("/api/licensing/ads/filing/nope/qr.svg").status_code == 404
    page = client.get("/ui/licensing/ads?status=approved", headers=auth("commerce_officer")).text
    assert number in page and f"/api/licensing/ads/filing/" in page and "qr.svg" in page
    # the queue's own forms: an employer's ad entered and rejected with a reason
    admin = auth("county_admin")
    r = client.post("/ui/licensing/ads", headers=admin, data={
        "submitter_type": "employer", "employer_name": "某建筑公司", "medium": "tv", "outlet": "内乡电视台",
        "title": "招聘钢筋工", "content": "招聘钢筋工 20 名,日薪 300 元"})
    assert r.status_code == 303
    queued = client.get("/ui/licensing/ads", headers=admin).text
    assert "招聘钢筋工" in queued and "电视" in queued
    [pending] = client.get("/api/licensing/ads?status=submitted", headers=admin).json["items"]
    r = client.post(f"/ui/licensing/ads/{pending['id']}/review", headers=admin, data={"decision": "reject"})
    assert r.status_code == 400 and "理由" in r.text
    r = client.post(f"/ui/licensing/ads/{pending['id']}/review", headers=admin,
                    data={"decision": "reject", "reason": "未注明用工地点"})
    assert r.status_code == 303


PAGES = {  # page -> roles that may open it (as in gateway/ui/menu.py)
    "/ui/licensing/applications": {"county_admin"},
    "/ui/licensing/applications/new": {"county_admin"},
    "/ui/licensing/agencies": {"county_admin", "police_officer", "commerce_officer", "leader", "rights_staff"},
    "/ui/licensing/ads": {"county_admin", "commerce_officer", "leader"},
    "/ui/licensing/enforcement": {"county_admin", "police_officer", "commerce_officer"},
}


@pytest.mark.parametrize("path", sorted(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_pages_open_for_exactly_their_roles(client, path, role):
    r = client.get(path, headers=auth(role))
    if role is None:
        assert r.status_code == 303 and r.headers["Location"].endswith("/login")
    elif role in PAGES[path]:
        assert r.status_code == 200 and "<meta charset=\"utf-8\">" in r.text
    else:
        assert r.status_code == 403 and "无权" in r.text


def test_the_menus_list_exactly_the_pages_each_role_may_open():
    from gateway.ui.menu import LICENSING_MENUS
    for role in ("county_admin", "police_officer", "commerce_officer", "leader", "rights_staff",
                 "township_staff", "worker", "village_liaison", "justice_officer"):
        listed = {url for _, url in LICENSING_MENUS.get(role, [])} - {"/ui/licensing/verify"}
        allowed = {p for p, roles in PAGES.items() if role in roles and not p.endswith("/new")}
        assert listed == allowed, role


def test_the_public_page_checks_an_agency_and_takes_a_report(client):
    a = licensed(client)
    r = client.get("/ui/licensing/verify?q=" + a["license_number"])
    assert r.status_code == 200 and "持证经营" in r.text and "优秀" in r.text
    r = client.get("/ui/licensing/verify?q=黑中介")
    assert "未查到许可记录" in r.text
    r = client.post("/ui/licensing/verify/report", data={"suspect_name": "黑中介", "place": "车站",
                                                          "details": "收了 500 元报名费"})
    assert r.status_code == 303 and "reported=" in r.headers["Location"]
    r = client.post("/ui/licensing/verify/report", data={"suspect_name": "黑中介"})
    assert r.status_code == 400 and "地点" in r.text


def test_agency_page_shows_the_score_history_and_proposals(client):
    a = licensed(client)
    for _ in range(3):
        client.post(f"/api/licensing/agencies/{a['id']}/deductions", headers=auth("county_admin"),
                    json={"rule_code": "overcharge", "note": "超标准收费"})
    r = client.get(f"/ui/licensing/agencies/{a['id']}", headers=auth("county_admin"))
    assert r.status_code == 200 and 'id="score">55<' in r.text and "建议暂停" in r.text
    assert r.text.count("超标准或巧立名目收费") >= 3


def test_the_rule_table_page_is_edited_by_the_county_office_only(client):
    assert client.get("/ui/licensing/rules", headers=auth("worker")).status_code == 403
    assert "rule-form" not in client.get("/ui/licensing/rules", headers=auth("leader")).text
    form = {"title": "超标准收费", "points": "25", "clause": "县规第3条", "active": "on"}
    assert client.post("/ui/licensing/rules/overcharge", data=form, headers=auth("police_officer")).status_code == 403
    r = client.post("/ui/licensing/rules/overcharge", data=form, headers=auth("county_admin"))
    assert r.status_code == 303
    rules = {x["code"]: x for x in client.get("/api/licensing/rules", headers=auth("leader")).json["items"]}
    assert rules["overcharge"]["points"] == 25 and rules["overcharge"]["updated_by"]["username"] == "county_admin"
    r = client.post("/ui/licensing/rules/overcharge", data=dict(form, points="abc"), headers=auth("county_admin"))
    assert r.status_code == 400 and "分值" in r.text


def test_a_random_draw_from_the_page_is_published_with_its_seed(client):
    licensed(client)
    form = {"agencies": "1", "inspectors": "2", "inspector_pool": "张军、刘洋、王伟", "seed": "20260301"}
    assert client.post("/ui/licensing/draws", data=form, headers=auth("commerce_officer")).status_code == 403
    r = client.post("/ui/licensing/draws", data=form, headers=auth("county_admin"))
    assert r.status_code == 303 and r.headers["Location"].endswith("#draws")
    page = client.get("/ui/licensing/verify").text
    assert "20260301" in page and "可复核" in page and "待检查" in page
    [d] = client.get("/api/licensing/draws").json["items"]
    assert client.get(f"/api/licensing/draws/{d['id']}/rerun").json["same"] is True


def test_the_application_and_inspection_forms_post_and_name_bad_fields_in_chinese(client):
    admin = auth("county_admin")
    form = {"name": "内乡县表单职业介绍所", "credit_code": "91411325MA00000019", "address": "城关镇",
            "legal_representative": "王建设", "contact_phone": "13937700001",
            "staff": "李红 ZJ20260001\n赵刚 ZJ20260002", "service_scope": "职业介绍",
            "fee_schedule": "职业介绍费 100"}
    r = client.post("/ui/licensing/applications/new", data=form, headers=admin)
    assert r.status_code == 400 and "统一社会信用代码:校验码错误" in r.text and "内乡县表单职业介绍所" in r.text
    from tests.support.licensing_fakes import credit_code
    r = client.post("/ui/licensing/applications/new", data=dict(form, credit_code=credit_code(42)), headers=admin)
    assert r.status_code == 303
    agency_id = r.headers["Location"].rsplit("/", 1)[1]
    for action in ("review", "approve"):
        assert client.post(f"/ui/licensing/agencies/{agency_id}/decide", data={"action": action},
                           headers=admin).status_code == 303
    inspection = {"kind": "unannounced", "inspected_on": "2026-01-10", "inspectors": "张军、刘洋",
                  "check_organization": "pass", "check_targets": "pass", "check_fees": "fail",
                  "check_service_quality": "pass", "findings": "收费高于公示标准", "deductions": "overcharge"}
    form_page = client.get(f"/ui/licensing/agencies/{agency_id}/inspect", headers=admin)
    assert form_page.status_code == 200 and "超标准或巧立名目收费" in form_page.text
    assert client.get(f"/ui/licensing/agencies/{agency_id}/inspect", headers=auth("leader")).status_code == 403
    r = client.post(f"/ui/licensing/agencies/{agency_id}/inspect", data=inspection, headers=admin)
    assert r.status_code == 400 and "整改期限" in r.text
    r = client.post(f"/ui/licensing/agencies/{agency_id}/inspect", headers=admin,
                    data=dict(inspection, follow_up_due="2026-12-31"))
    assert r.status_code == 303
    page = client.get(f"/ui/licensing/agencies/{agency_id}", headers=admin).text
    assert 'id="score">85<' in page and "收费情况" in page and "突击检查" in page
