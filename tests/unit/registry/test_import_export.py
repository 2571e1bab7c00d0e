"""Import of the townships' spreadsheets (synonyms, title rows, labels or codes, short village
names, per-row errors, idempotent re-import), ledger exports and statistics, with the real
spreadsheet reader and writer and in-memory storage."""
import io
import os
from datetime import date, datetime

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from services.common.domain.errors import InvalidField, NotAllowed
from services.registry.domain.import_rows import HeaderNotFound, find_header, short_name
from services.registry.service_layer import imports, reports
from services.registry.storage.spreadsheets import read_rows, write_xlsx, write_xlsx_apart
from tests.support.factories import actor
from tests.support.ids import make_id_number
from tests.support.registry_fakes import REGIONS, FakeFiles, FakeImports, FakeRegistryUnitOfWork

staff = actor("township_staff")
HEADER = ["序号", "姓名", "公民身份号码", "手机号码", "乡镇", "行政村", "文化程度", "技能特长", "意向行业",
          "愿意有组织输出"]


def xlsx(rows, title=True) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    r = 0
    if title:
        ws.write(0, 0, "城关镇农村富余劳动力登记表")
        r = 2  # a title and a blank row above the header
    for row in rows:
        for j, v in enumerate(row):
            if isinstance(v, datetime):
                ws.write_datetime(r, j, v)
            elif v is not None:
                ws.write(r, j, v)
        r += 1
    book.close()
    return buf.getvalue()


def good_row(i=1, **over):
    row = dict(zip(HEADER, [i, "张三", make_id_number(date(1995, 1, 1) if i % 2 else date(1985, 6, 1)),
                            "13912345678", "城关镇", "书院村", "初中", "电焊、瓦工", "建筑业,制造业", "是"]))
    row.update(over)
    return [row[h] for h in HEADER]


def run(data: bytes, name="台帐.xlsx", uow=None, who=staff):
    uow = uow or FakeRegistryUnitOfWork()
    store = FakeImports(uow.persons)
    record = imports.start_import(store, FakeFiles(store), who, name, data)
    done = imports.ImportRun(store, FakeFiles(store), None, read_rows, write_xlsx, REGIONS).run(record)
    return uow, store, done


def report_rows(store, done):
    book = CalamineWorkbook.from_filelike(io.BytesIO(store.blobs[done["error_report_id"]]))
    return book.get_sheet_by_index(0).to_python()[2:]


def test_a_mixed_file_stores_valid_rows_and_reports_each_bad_one():
    rows = [HEADER, good_row(1), [None] * len(HEADER),
            good_row(2, 姓名="  ", 乡镇="城关镇", 行政村="不存在村"),
            good_row(3, 文化程度="博士后"), good_row(4, 文化程度="senior_high")]
    uow, store, done = run(xlsx(rows))
    assert (done["status"], done["total"], done["valid"], done["invalid"]) == ("finished", 4, 2, 2)
    stored = sorted(p["education"] for p in uow.persons.rows.values())
    assert stored == ["junior_high", "senior_high"]
    p = next(iter(uow.persons.rows.values()))
    assert p["village_code"] == "411325100201" and p["skills"] == ["电焊", "瓦工"]
    assert p["intended_industries"] == ["construction", "manufacturing"] and p["organized_willing"] is True
    errors = report_rows(store, done)
    assert [6, "姓名", "必填"] in errors  # a whitespace-only name is an empty one
    assert {e[1] for e in errors} == {"姓名", "村", "文化程度"}
    assert len(store.events) == 2 and store.events[0]["type"] == "person.registered"


def test_reimporting_the_same_file_changes_nothing():
    data = xlsx([HEADER, good_row(1), good_row(2)])
    uow, store, first = run(data)
    store2 = FakeImports(uow.persons)
    record = imports.start_import(store2, FakeFiles(store2), staff, "again.xlsx", data)
    again = imports.ImportRun(store2, FakeFiles(store2), None, read_rows, write_xlsx, REGIONS).run(record)
    assert (first["valid"], again["valid"], again["existing"]) == (2, 0, 2)
    assert len(uow.persons.rows) == 2 and not store2.events


def test_a_number_twice_in_one_file_is_refused_the_second_time():
    row = good_row(1)
    uow, store, done = run(xlsx([HEADER, row, row]))
    assert (done["valid"], done["invalid"]) == (1, 1)
    assert "重复" in report_rows(store, done)[0][2]


def test_csv_in_gbk_with_codes_and_village_codes_imports():
    idn = make_id_number(date(1992, 2, 2))
    text = "姓名,身份证号,电话,村,文化程度\n李四,%s,13800000000,411325100201,primary\n" % idn
    uow, store, done = run(text.encode("gb18030"), "a.csv")
    assert done["valid"] == 1 and next(iter(uow.persons.rows.values()))["education"] == "primary"


def test_wrong_headers_fail_the_import_with_a_reason():
    _, _, done = run(xlsx([["名单"], ["名字", "电话"], ["张三", "139"]]))
    assert done["status"] == "failed" and "表头" in done["message"]
    with pytest.raises(HeaderNotFound, match="村"):
        find_header([["姓名", "身份证号", "电话"]])


def test_rows_outside_the_importers_township_are_refused():
    _, store, done = run(xlsx([HEADER, good_row(1, 乡镇="马山口镇", 行政村="411325101201")]))
    assert done["invalid"] == 1


def test_unsupported_files_and_roles_are_refused_before_storing():
    store = FakeImports(FakeRegistryUnitOfWork().persons)
    with pytest.raises(InvalidField):
        imports.start_import(store, FakeFiles(store), staff, "a.pdf", b"x")
    with pytest.raises(NotAllowed):
        imports.start_import(store, FakeFiles(store), actor("leader"), "a.xlsx", b"x")


def test_village_short_names():
    assert short_name("书院村民委员会") == "书院村" and short_name("县衙社区居民委员会") == "县衙社区"


def test_an_exported_ledger_imports_back_unchanged_and_masks_for_the_leader():
    uow, store, _ = run(xlsx([HEADER, good_row(1), good_row(2)]))
    path, title, count = reports.export_ledger(uow.persons, uow.reads, staff, "surplus", {}, REGIONS,
                                               write_xlsx, {"ip": "1.1.1.1"})
    data = open(path, "rb").read()
    os.unlink(path)
    assert count == 2 and title == "农村富余劳动力登记表"
    assert uow.reads.rows and next(iter(uow.reads.rows.values()))["action"] == "export"
    store2 = FakeImports(uow.persons)
    record = imports.start_import(store2, FakeFiles(store2), staff, "export.xlsx", data)
    again = imports.ImportRun(store2, FakeFiles(store2), None, read_rows, write_xlsx, REGIONS).run(record)
    assert (again["invalid"], again["existing"]) == (0, 2)
    path, _, _ = reports.export_ledger(uow.persons, uow.reads, actor("leader"), "surplus", {}, REGIONS,
                                       write_xlsx)
    cells = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    os.unlink(path)
    ids = [row[6] for row in cells[2:]]
    assert all(i.endswith("*" * 12) for i in ids) and all(len(str(r[7])) == 4 for r in cells[2:])


def test_unknown_ledger_is_a_400():
    with pytest.raises(InvalidField) as e:
        reports.export_ledger(FakeRegistryUnitOfWork().persons, None, staff, "x", {}, REGIONS, write_xlsx)
    assert "ledger" in e.value.fields


def test_statistics_by_age_band_and_industry():
    uow, _, _ = run(xlsx([HEADER, good_row(1), good_row(2)]))
    by_band = reports.statistics(uow.persons, staff, {}, "age_band", REGIONS, date(2026, 11, 27))
    assert by_band["total"] == 2 and {r["key"] for r in by_band["rows"]} == {"26-35", "36-45"}
    by_industry = reports.statistics(uow.persons, staff, {}, "industry", REGIONS, date(2026, 11, 27))
    assert {r["label"]: r["persons"] for r in by_industry["rows"]} == {"建筑业": 2, "制造业": 2}
    with pytest.raises(InvalidField):
        reports.statistics(uow.persons, staff, {}, "salary", REGIONS)


def test_each_imported_person_has_an_imported_entry_with_its_own_fields():
    """One change-log entry per batch, but each person's history shows its own share: who,
    when, which import, and the fields its row set."""
    uow, store, done = run(xlsx([HEADER, good_row(1), good_row(2, 姓名="李四", 文化程度=None)]))
    assert len(uow.persons.changes) == 1                      # one entry for the batch
    by_name = {p["name"]: p for p in uow.persons.rows.values()}
    histories = {name: uow.persons.history(p["_id"]) for name, p in by_name.items()}
    for name, entries in histories.items():
        (entry,) = entries
        assert entry["action"] == "imported" and entry["person_id"] == by_name[name]["_id"]
        assert entry["values"]["import_id"]["new"] == done["_id"]
        assert entry["by"]["username"] == staff.username
        assert entry["fields"] == sorted(k for k in by_name[name] if not k.startswith("_"))
    assert len({tuple(e[0]["fields"]) for e in histories.values()}) == 2


def test_a_ledger_written_by_the_child_process_is_the_one_written_here(monkeypatch):
    """Exports write the xlsx in a child process (write_xlsx_apart) fed through a pipe: cells,
    types, the title and header rows and the row count are those of write_xlsx, across chunks."""
    from services.registry.storage import spreadsheets
    monkeypatch.setattr(spreadsheets, "CHUNK", 4)   # several chunks of a few rows (xlsx cells are slow)
    rows = [["城关镇", f"张{i}", "411325199001011234", i, 1.5, True, False, None, ""] for i in range(2 * spreadsheets.CHUNK + 7)]
    paths = [write(title := "台帐", ["乡镇", "姓名", "身份证号", "n", "x", "a", "b", "c", "d"], iter(rows), "表")
             for write in (write_xlsx, write_xlsx_apart)]
    sheets = []
    for path in paths:
        sheets.append(CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python())
        os.unlink(path)
    assert sheets[0] == sheets[1] and len(sheets[1]) == len(rows) + 2 and sheets[1][0][0] == title
    assert sheets[1][-1][:7] == ["城关镇", f"张{len(rows) - 1}", "411325199001011234", len(rows) - 1, 1.5, "是", "否"]


def test_a_failing_row_source_ends_the_child_and_leaves_no_file(tmp_path, monkeypatch):
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def rows():
        yield ["一"]
        raise RuntimeError("database gone")
    with pytest.raises(RuntimeError, match="database gone"):
        write_xlsx_apart("t", ["h"], rows())
    assert list(tmp_path.iterdir()) == []
