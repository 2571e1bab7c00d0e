"""Imports, ledger exports and statistics (xlsx or JSON)."""
import os

from flask import Blueprint, Response, current_app, request, send_file

from services.common.auth import current_user, require_roles
from services.common.errors import ApiError

from ..domain.person import READERS, WRITERS
from ..domain.search import parse_criteria
from ..service_layer import imports as import_cases
from ..service_layer import reports
from ..service_layer.persons import today
from ..storage.imports import Files, ImportRepository
from ..storage.spreadsheets import write_xlsx, write_xlsx_apart
from .persons import origin

bp = Blueprint("ledgers", __name__, url_prefix="/api/registry")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _registry():
    return current_app.extensions["registry"]


@bp.post("/imports")
@require_roles(*WRITERS)
def start_import():
    """导入人员表格(xlsx、xls 或 csv,multipart 字段 file;或请求体为文件、?file_name=)。后台执行,返回导入记录。"""
    request.max_content_length = import_cases.MAX_BYTES  # a 100,000-row ledger is ~10 MB
    upload = request.files.get("file")
    if upload is not None:
        name, data = upload.filename or "", upload.read()
    else:
        name, data = request.args.get("file_name", ""), request.get_data()
    r = _registry()
    record = import_cases.start_import(ImportRepository(r.db), Files(r.db), current_user(), name, data)
    return import_cases.import_view(record), 202


def _own_import(import_id: str) -> dict:
    record = ImportRepository(_registry().db).get(import_id[:64])
    user = current_user()
    if record is None or (user.role != "county_admin" and record["created_by"]["user_id"] != user.id):
        raise ApiError(404, "not_found", "导入记录不存在", {"id": "不存在"})
    return record


@bp.get("/imports")
@require_roles(*WRITERS)
def list_imports():
    """本人的导入记录(县劳务办可见全部)。"""
    items = ImportRepository(_registry().db).visible_to(current_user())
    return {"items": [import_cases.import_view(r) for r in items]}


@bp.get("/imports/<import_id>")
@require_roles(*WRITERS)
def get_import(import_id: str):
    """导入进度与结果(已处理行数/总行数、有效、无效、已存在)。"""
    return import_cases.import_view(_own_import(import_id))


@bp.get("/imports/<import_id>/errors.xlsx")
@require_roles(*WRITERS)
def import_errors(import_id: str):
    """下载导入错误报告(行号、列、原因)。"""
    record = _own_import(import_id)
    if not record.get("error_report_id"):
        raise ApiError(404, "not_found", "该导入没有错误报告", {"id": "无错误"})
    data = Files(_registry().db).get(record["error_report_id"])
    return Response(data, mimetype=XLSX, headers={
        "Content-Disposition": "attachment; filename*=UTF-8''import-errors.xlsx",
        "Cache-Control": "no-store"})


@bp.get("/exports")
@require_roles(*READERS)
def export_ledger():
    """导出台帐(ledger=surplus|migrant|training|new_entrant),可带查询条件,xlsx。"""
    r = _registry()
    args = request.args.to_dict()
    ledger = args.pop("ledger", "")
    criteria = parse_criteria(args, today())
    path, title, _count = reports.export_ledger(r.reader(), r.read_audit(), current_user(), ledger,
                                                criteria, r.regions.get(), write_xlsx_apart, origin())
    resp = send_file(path, mimetype=XLSX, as_attachment=True, download_name=f"{title}.xlsx")
    resp.headers["Cache-Control"] = "no-store"
    resp.call_on_close(lambda: os.path.exists(path) and os.unlink(path))
    return resp


@bp.get("/stats")
@require_roles(*READERS)
def stats():
    """分类统计(group_by=township|village|age_band|sex|education|industry|organization|status|training_intention),JSON 或 format=xlsx。"""
    r = _registry()
    args = request.args.to_dict()
    group_by = args.pop("group_by", "township")
    fmt = args.pop("format", "json")
    if fmt not in ("json", "xlsx"):
        raise ApiError(400, "validation_failed", "查询参数无效", {"format": "取值应为:json、xlsx"})
    result = reports.statistics(r.reader(), current_user(), parse_criteria(args, today()),
                                group_by, r.regions.get())
    if fmt == "json":
        return result
    path = write_xlsx(f"劳动力统计(按{result['group_label']})", [result["group_label"], "人数", "男", "女"],
                      ([row["label"], row["persons"], row["male"], row["female"]] for row in result["rows"]),
                      "统计")
    resp = send_file(path, mimetype=XLSX, as_attachment=True, download_name="stats.xlsx")
    resp.call_on_close(lambda: os.path.exists(path) and os.unlink(path))
    return resp


@bp.get("/quality")
@require_roles("county_admin", "leader", "township_staff")
def data_quality():
    """数据质量:各乡镇、村的信息完整率与一年内核实率。"""
    from ..service_layer.quality import quality
    figures = quality(_registry().reader(), current_user())
    regions = _registry().regions.get()
    return {"townships": [dict(f, township_code=t, name=regions.townships.get(t, t),
                               villages=[dict(v, village_code=c, name=regions.villages.get(c, (c,))[0])
                                         for c, v in f["villages"].items()])
                          for t, f in figures.items()]}


@bp.post("/quality/publish")
@require_roles("county_admin")
def publish_data_quality():
    """发布各乡镇数据质量(data_quality.measured 事件,供目标考评)。"""
    from ..service_layer.quality import publish_quality
    r = _registry()
    return {"published": publish_quality(r.reader(), r.uow(), current_user())}
