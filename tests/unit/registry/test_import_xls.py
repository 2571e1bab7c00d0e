"""Import of a legacy Excel 97-2003 (.xls) ledger, the format many townships still keep: a real
BIFF file written by xlwt, read by the import's own reader (python-calamine), through the import
use case with in-memory storage. Legacy details checked: a merged title row above the header,
phones typed as numbers, a 15-digit ID number, a blank row, a bad row reported by row number."""
import io
from datetime import date

import xlwt

from services.registry import events  # noqa: F401  (registers the event contracts)
from services.registry.domain.id_number import upgrade_15
from services.registry.service_layer import imports
from services.registry.storage.spreadsheets import read_rows, write_xlsx
from tests.support.factories import actor
from tests.support.ids import make_id_number
from tests.support.registry_fakes import REGIONS, FakeFiles, FakeImports, FakeRegistryUnitOfWork
from python_calamine import CalamineWorkbook

staff = actor("township_staff")
LEGACY_15 = "411325760312123"  # born 1976-03-12, issued before 1999: no century, no check digit


def legacy_xls(rows: list[list]) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("富余劳动力")
    ws.write_merge(0, 0, 0, 5, "城关镇书院村农村富余劳动力登记表(2006年)")
    for j, h in enumerate(["序号", "姓  名", "身份证号码", "联系电话", "行政村", "文化程度"]):
        ws.write(2, j, h)
    r = 3
    for row in rows:
        for j, v in enumerate(row):
            if v is not None:
                ws.write(r, j, v)
        r += 1
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_a_legacy_xls_ledger_imports_with_its_bad_row_reported():
    good = make_id_number(date(1988, 8, 8), male=False)
    data = legacy_xls([
        [1, "王秀英", good, 13912345678, "书院村", "初中"],        # phone typed as a number
        [2, "赵大山", LEGACY_15, 13812345678, "书院村", "小学"],   # old 15-digit number
        [None] * 6,                                                  # a blank row
        [3, "钱小二", "41132519900101", 13712345678, "书院村", "高中"],  # 14 digits: bad
    ])
    assert data[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # a real OLE2/BIFF file, not xlsx renamed
    uow = FakeRegistryUnitOfWork()
    store = FakeImports(uow.persons)
    record = imports.start_import(store, FakeFiles(store), staff, "书院村台帐.xls", data)
    done = imports.ImportRun(store, FakeFiles(store), None, read_rows, write_xlsx, REGIONS).run(record)

    assert (done["status"], done["total"], done["valid"], done["invalid"]) == ("finished", 3, 2, 1)
    by_name = {p["name"]: p for p in uow.persons.rows.values()}
    assert set(by_name) == {"王秀英", "赵大山"}
    assert by_name["王秀英"]["phone"] == "13912345678"  # not "13912345678.0"
    assert by_name["赵大山"]["id_number"] == upgrade_15(LEGACY_15)
    assert by_name["赵大山"]["birth_date"] == "1976-03-12"
    assert by_name["王秀英"]["village_code"] == "411325100201"
    report = CalamineWorkbook.from_filelike(io.BytesIO(store.blobs[done["error_report_id"]]))
    errors = report.get_sheet_by_index(0).to_python()[2:]
    assert len(errors) == 1 and errors[0][0] == 7 and errors[0][1] == "身份证号"  # row 7 as Excel numbers it
