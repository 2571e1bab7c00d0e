"""Spreadsheet adapters: read xlsx/xls/ods with python-calamine (a maintained Rust reader) and
csv with the standard library; write xlsx with xlsxwriter in constant-memory mode (rows are
streamed to disk, so a 100,000-row ledger never sits in memory)."""
import csv
import io
import marshal
import subprocess
import sys
import tempfile
from pathlib import Path

import xlsxwriter
from python_calamine import CalamineWorkbook

SPREADSHEET_TYPES = {"xlsx", "xls", "xlsm", "ods", "csv"}


class UnreadableFile(ValueError):
    pass


def read_rows(data: bytes, file_name: str) -> list[list]:
    """Rows of the first sheet as Python values (str, int, float, date, datetime, None)."""
    ext = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if ext not in SPREADSHEET_TYPES:
        raise UnreadableFile("仅支持 xlsx、xls、csv 文件")
    if ext == "csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UnreadableFile("CSV 文件编码无法识别(请用 UTF-8 或 GBK)")
        return [row for row in csv.reader(io.StringIO(text))]
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as e:  # calamine raises its own error types for corrupt files
        raise UnreadableFile(f"无法读取表格文件({type(e).__name__})") from None


def write_xlsx(title: str, headers: list[str], rows, sheet: str = "Sheet1") -> str:
    """Write rows to a temporary xlsx file (constant memory) and return its path; the caller
    streams and deletes it."""
    fh = tempfile.NamedTemporaryFile(prefix="lex-", suffix=".xlsx", delete=False)
    fh.close()
    _write_book(fh.name, title, headers, rows, sheet)
    return fh.name


def _write_book(path: str, title: str, headers: list[str], rows, sheet: str) -> None:
    book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False,
                                      "strings_to_formulas": False, "strings_to_urls": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    ws.write_string(0, 0, title, bold)
    for j, h in enumerate(headers):
        ws.write_string(1, j, h, bold)
    write_string, write_number = ws.write_string, ws.write_number
    r = 2
    for row in rows:
        for j, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                write_string(r, j, "是" if value else "否")
            elif isinstance(value, (int, float)):
                write_number(r, j, value)
            else:
                write_string(r, j, str(value))  # ID numbers stay text, never 4.11E+17
        r += 1
    book.close()


CHUNK = 1000
_ROOT = str(Path(__file__).resolve().parents[3])
_CHILD = ("import sys; sys.path.insert(0, sys.argv[1]); "
          "from services.registry.storage.spreadsheets import _child; _child()")


def write_xlsx_apart(title: str, headers: list[str], rows, sheet: str = "Sheet1") -> str:
    """As write_xlsx, with the xlsx written by a child process while this one produces the
    rows (reads the database, builds the cells): xlsxwriter costs ~13 us per cell, most of a
    100,000-row ledger's time, and on one interpreter it could not overlap the rest. Rows go
    to the child in chunks (marshal: str, int, float, bool, None) through a pipe, whose
    buffer holds back a producer that runs ahead."""
    fh = tempfile.NamedTemporaryFile(prefix="lex-", suffix=".xlsx", delete=False)
    fh.close()
    child = subprocess.Popen([sys.executable, "-c", _CHILD, _ROOT, fh.name], stdin=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        marshal.dump((title, list(headers), sheet), child.stdin)
        chunk = []
        for row in rows:
            chunk.append(list(row))
            if len(chunk) == CHUNK:
                marshal.dump(chunk, child.stdin)
                chunk = []
        if chunk:
            marshal.dump(chunk, child.stdin)
        child.stdin.close()
        if child.wait() != 0:
            raise RuntimeError("xlsx writer failed: " + child.stderr.read().decode(errors="replace")[-500:])
    except BaseException:
        child.kill()
        child.wait()
        Path(fh.name).unlink(missing_ok=True)
        raise
    finally:
        child.stderr.close()
    return fh.name


def _child() -> None:
    """The writer process of write_xlsx_apart: argv[2] the path; stdin the marshalled
    (title, headers, sheet), then chunks of rows until the end of the input."""
    source = sys.stdin.buffer
    title, headers, sheet = marshal.load(source)

    def rows():
        while True:
            try:
                chunk = marshal.load(source)
            except EOFError:
                return
            yield from chunk
    _write_book(sys.argv[2], title, headers, rows(), sheet)
