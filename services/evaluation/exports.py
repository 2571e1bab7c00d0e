"""The county's summary table of a period's reports as an xlsx workbook (xlsxwriter)."""
import io

import xlsxwriter

from .domain.indicators import INDICATORS

STATUS_LABELS = {"missing": "未填报", "draft": "草稿", "submitted": "已上报", "returned": "已退回",
                 "accepted": "已采纳"}
COLUMNS = ("registered", "new_entrants", "exported", "exported_organized", "exported_self",
           "working_outside", "labor_income", "trainings", "placements", "bases",
           "cases_closed", "wages_recovered", "model_cases", "media_reports")


def summary_xlsx(table: dict) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet("汇总表")
    bold = book.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center"})
    cell = book.add_format({"border": 1})
    late = book.add_format({"border": 1, "font_color": "#b00020"})
    title = f"内乡县劳务输出工作{table['label']}汇总表(截止日期 {table['due_date']})"
    sheet.merge_range(0, 0, 0, 3 + len(COLUMNS), title, book.add_format({"bold": True, "font_size": 14}))
    headers = ["乡镇", "状态", "按时", "上报时间"] + [INDICATORS.label(c) for c in COLUMNS]
    sheet.write_row(1, 0, headers, bold)
    for i, row in enumerate(table["rows"], start=2):
        on_time = "逾期" if row["late"] or row["overdue"] else "按时"
        submitted = row["submitted_at"]
        sheet.write(i, 0, row["township_name"], cell)
        sheet.write(i, 1, STATUS_LABELS.get(row["status"], row["status"]), cell)
        sheet.write(i, 2, on_time, late if on_time == "逾期" else cell)
        sheet.write(i, 3, submitted.isoformat()[:16].replace("T", " ") if submitted else "", cell)
        for j, code in enumerate(COLUMNS, start=4):
            sheet.write_number(i, j, row["figures"].get(code, 0), cell)
    total_row = 2 + len(table["rows"])
    sheet.write(total_row, 0, "合计", bold)
    for j, code in enumerate(COLUMNS, start=4):
        sheet.write_number(total_row, j, table["totals"].get(code, 0), bold)
    sheet.set_column(0, 0, 10)
    sheet.set_column(3, 3, 17)
    sheet.set_column(4, 3 + len(COLUMNS), 12)
    book.close()
    return buf.getvalue()
