"""Registry flows through the gateway on the running stack: register, edit with history and
409 on a stale version, status and training, masked views, the read audit; import of an xlsx
with one bad row, its error report, a ledger export and statistics; scope per role."""
import io
import time
from datetime import date

import xlsxwriter
from python_calamine import CalamineWorkbook

from tests.support.factories import person_body
from tests.support.ids import make_id_number

PERSONS = "/api/registry/persons"


def test_register_edit_status_training_and_the_masked_view(api):
    body = person_body(name="𠮷田", id_number=make_id_number(date(1988, 8, 8), male=True),
                       job_intention="电焊,电话13912345678")
    key = {"Idempotency-Key": "e2e-" + body["id_number"]}
    r = api.call("POST", PERSONS, as_user="township_staff", json=body, headers=dict(key))
    assert r.status_code == 201, r.text
    p = r.json()
    again = api.call("POST", PERSONS, as_user="township_staff", json=body, headers=dict(key))
    assert again.status_code == 201 and again.json()["id"] == p["id"]
    full_width = body["id_number"].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    dup = api.call("POST", PERSONS, as_user="township_staff", json=dict(body, id_number=full_width))
    assert dup.status_code == 409 and "id_number" in dup.json()["error"]["fields"]

    url = f"{PERSONS}/{p['id']}"
    ok = api.call("PATCH", url, as_user="township_staff", json={"version": 1, "education": "senior_high"})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.call("PATCH", url, as_user="township_staff", json={"version": 1, "education": "primary"})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    history = api.call("GET", url + "/history", as_user="township_staff").json()["items"]
    assert history[-1]["values"]["education"] == {"old": None, "new": "senior_high"}

    moved = api.call("POST", url + "/status", as_user="township_staff",
                     json={"to_status": "migrant", "version": 2, "employer": "富士康", "city": "深圳",
                           "destination": "pearl_delta", "organization": "organized"})
    assert moved.status_code == 200 and moved.json()["status"] == "migrant"
    t = api.call("POST", url + "/trainings", as_user="township_staff",
                 json={"course": "电工", "hours": 40, "started_on": "2026-03-01", "ended_on": "2026-03-09"})
    assert t.status_code == 201

    leader = api.call("GET", url, as_user="leader").json()
    assert leader["masked"] and "birth_date" not in leader and leader["birth_year"] == 1988
    assert leader["id_number"].endswith("*" * 12) and "13912345678" not in str(leader)
    assert api.call("GET", url, as_user="township_staff").json()["id_number"] == body["id_number"]

    audit = api.call("GET", f"/api/registry/audit?person_id={p['id']}", as_user="county_admin")
    assert audit.status_code == 200
    reads = [e for e in audit.json()["items"] if e["action"] == "read"]
    assert reads and reads[0]["by"]["username"] == "township_staff" and reads[0]["ip"]
    assert api.call("GET", "/api/registry/audit", as_user="township_staff").status_code == 403


def _xlsx(rows) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    ws.write(0, 0, "书院村农村富余劳动力登记表")
    for i, row in enumerate(rows, start=2):
        for j, v in enumerate(row):
            ws.write_string(i, j, v)
    book.close()
    return buf.getvalue()


def test_import_with_a_bad_row_error_report_export_and_stats(api):
    header = ["姓名", "身份证号码", "联系电话", "村", "文化程度"]
    good = [["赵一", make_id_number(date(1991, 1, 1)), "13700000001", "书院村", "初中"],
            ["赵二", make_id_number(date(1992, 2, 2)), "13700000002", "书院村", "高中"]]
    bad = ["赵三", "411325199913130000", "13700000003", "书院村", "初中"]
    data = _xlsx([header] + good + [bad])
    r = api.call("POST", "/api/registry/imports", as_user="village_liaison",
                 files={"file": ("书院村.xlsx", data)})
    assert r.status_code == 202, r.text
    url = f"/api/registry/imports/{r.json()['id']}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        rec = api.call("GET", url, as_user="village_liaison").json()
        if rec["status"] in ("finished", "failed"):
            break
        time.sleep(0.3)
    assert (rec["status"], rec["total"], rec["valid"], rec["invalid"]) == ("finished", 3, 2, 1), rec
    report = api.call("GET", rec["error_report_url"], as_user="village_liaison")
    assert report.status_code == 200
    cells = CalamineWorkbook.from_filelike(io.BytesIO(report.content)).get_sheet_by_index(0).to_python()
    assert cells[2][1] == "身份证号" and cells[2][0] == 6
    assert api.call("GET", url, as_user="township_staff").status_code == 404  # not theirs

    export = api.call("GET", "/api/registry/exports?ledger=surplus&village_code=411325100201",
                      as_user="village_liaison")
    assert export.status_code == 200 and export.headers["Cache-Control"] == "no-store"
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    assert {g[1] for g in good} <= {row[6] for row in rows[2:]}
    stats = api.call("GET", "/api/registry/stats?group_by=education", as_user="village_liaison").json()
    assert stats["total"] >= 2 and any(r["label"] == "高中" for r in stats["rows"])
    bad_group = api.call("GET", "/api/registry/stats?group_by=salary", as_user="village_liaison")
    assert bad_group.status_code == 400 and "group_by" in bad_group.json()["error"]["fields"]


def test_scope_per_role_for_list_read_update_and_export(api):
    p = api.call("POST", PERSONS, as_user="county_admin",
                 json=person_body(id_number=make_id_number(date(1983, 3, 3)),
                                  township_code="411325101", village_code="411325101201")).json()
    url = f"{PERSONS}/{p['id']}"
    expect = {  # role: (read, update, export)
        "county_admin": (200, 200, 200), "township_staff": (403, 403, 200),
        "village_liaison": (403, 403, 200), "leader": (200, 403, 200),
        "police_officer": (403, 403, 403), "rights_staff": (403, 403, 403), "worker": (403, 403, 403),
    }
    version = 1
    for role, (read, update, export) in expect.items():
        assert api.call("GET", url, as_user=role).status_code == read, role
        u = api.call("PATCH", url, as_user=role, json={"version": version, "notes": role})
        assert u.status_code == update, (role, u.text)
        version += u.status_code == 200
        e = api.call("GET", "/api/registry/exports?ledger=surplus&township_code=411325101", as_user=role)
        assert e.status_code == export, role
        if export == 200 and role in ("township_staff", "village_liaison"):
            rows = CalamineWorkbook.from_filelike(io.BytesIO(e.content)).get_sheet_by_index(0).to_python()
            assert len(rows) == 2, role  # header only: another township's people are not theirs
        listed = api.call("GET", f"{PERSONS}?township_code=411325101&page_size=100", as_user=role)
        if read == 200:
            assert p["id"] in {i["id"] for i in listed.json()["items"]}, role
