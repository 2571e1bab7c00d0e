"""Pages for imports (upload, progress, error report), ledger exports and statistics, on the
registry's page blueprint. Downloads are the API's own routes, which the gateway serves to a
logged-in browser with its session."""
from urllib.parse import urlencode

from flask import current_app, redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError
from services.common.errors import ApiError
from services.common.ui import error_of, render_page

from ..domain.choices import EDUCATION, INDUSTRIES, SEX, STATUSES
from ..domain.ledgers import LEDGERS
from ..domain.person import READERS, WRITERS
from ..domain.search import parse_criteria
from ..domain.stats import GROUPS
from ..service_layer import imports as import_cases
from ..service_layer import reports
from ..service_layer.persons import today
from ..storage.imports import Files, ImportRepository
from .pages import bp
from .regions import RegionChoices

EXPORT_FILTERS = ("township_code", "village_code", "status", "education", "sex")


def _registry():
    return current_app.extensions["registry"]


@bp.get("/imports")
@require_roles(*WRITERS)
def imports_page():
    """人员导入页面:上传表格,查看以往导入。"""
    user = current_user()
    items = [import_cases.import_view(r) for r in ImportRepository(_registry().db).visible_to(user, 20)]
    return render_page("registry/imports.html", items=items, error=None)


@bp.post("/imports")
@require_roles(*WRITERS)
def imports_upload():
    """上传表格:保存后转到导入进度页。"""
    request.max_content_length = import_cases.MAX_BYTES
    user = current_user()
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise ApiError(400, "validation_failed", "请选择要导入的文件", {"file": "请选择文件"})
        r = _registry()
        record = import_cases.start_import(ImportRepository(r.db), Files(r.db), user,
                                           upload.filename, upload.read())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        items = [import_cases.import_view(x) for x in ImportRepository(_registry().db).visible_to(user, 20)]
        return render_page("registry/imports.html", status=status, items=items, error=error)
    return redirect(f"/ui/registry/imports/{record['_id']}", 303)


@bp.get("/imports/<import_id>")
@require_roles(*WRITERS)
def import_status(import_id: str):
    """导入进度(每秒刷新,直到完成)与结果、错误报告下载。"""
    user = current_user()
    record = ImportRepository(_registry().db).get(import_id[:64])
    if record is None or (user.role != "county_admin" and record["created_by"]["user_id"] != user.id):
        raise ApiError(404, "not_found", "导入记录不存在")
    return render_page("registry/import_status.html", fragment="progress", rec=import_cases.import_view(record))


@bp.get("/exports")
@require_roles(*READERS)
def exports_page():
    """台帐导出页面:选台帐和条件,下载 xlsx。"""
    user = current_user()
    args = {k: request.args[k] for k in EXPORT_FILTERS if request.args.get(k)}
    links = {code: "/api/registry/exports?" + urlencode(dict(args, ledger=code)) for code in LEDGERS}
    return render_page("registry/exports.html", ledgers=LEDGERS, links=links, filters=args,
                       regions=RegionChoices(_registry().regions.get(), user),
                       STATUSES=STATUSES, EDUCATION=EDUCATION, SEX=SEX)


@bp.get("/stats")
@require_roles(*READERS)
def stats_page():
    """劳动力分类统计(按乡镇、年龄段、性别、文化程度、意向行业、组织形式、状态)。"""
    user = current_user()
    group_by = request.args.get("group_by") or "township"
    args = {k: request.args[k] for k in ("township_code",) if request.args.get(k)}
    error, result = None, None
    try:
        result = reports.statistics(_registry().reader(), user, parse_criteria(args, today()),
                                    group_by, _registry().regions.get())
    except DomainError as e:
        error = error_of(e)[1]
    xlsx = "/api/registry/stats?" + urlencode(dict(args, group_by=group_by, format="xlsx"))
    top = max([r["persons"] for r in (result or {}).get("rows", [])] or [1])
    return render_page("registry/stats.html", status=400 if error else 200, result=result,
                       error=error, groups=GROUPS, group_by=group_by, xlsx=xlsx, top=top,
                       filters=args, regions=RegionChoices(_registry().regions.get(), user),
                       INDUSTRIES=INDUSTRIES)
