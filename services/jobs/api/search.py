"""The public job search (no login): full text in Chinese, filters, sorting, highlights, paging."""
from datetime import date

from flask import Blueprint, request

from services.common.errors import ApiError
from services.common.validation import code_arg, int_arg

from ..domain.labels import INDUSTRIES, WORK_REGIONS
from ..search.query import SORTS, SearchParams
from ..service_layer import search as uc
from .common import jobs

bp = Blueprint("jobs_search", __name__, url_prefix="/api/jobs")
MAX_RESULTS = 1000  # deep pages cost the index; nobody reads past the 50th page of 20


def search_params() -> SearchParams:
    """The query string as search parameters; each bad one is named with its reason (shared
    with the public page)."""
    q = (request.args.get("q") or "").strip()
    if len(q) > 50:
        raise ApiError(400, "validation_failed", "查询参数无效", {"q": "关键词不能超过 50 字"})
    params = SearchParams(
        q=q,
        region=code_arg("region", choices=WORK_REGIONS.codes),
        industry=code_arg("industry", choices=INDUSTRIES.codes),
        salary_min=int_arg("salary_min", 0, 100000) if request.args.get("salary_min") else None,
        board=code_arg("board", choices=("both", "food", "lodging")),
        posted_within=int_arg("posted_within", 1, 365) if request.args.get("posted_within") else None,
        sort=code_arg("sort", choices=tuple(SORTS)) or "relevance",
        page=int_arg("page", 1, 1000, default=1),
        page_size=int_arg("page_size", 1, 50, default=10),
    )
    if params.page * params.page_size > MAX_RESULTS:
        raise ApiError(400, "validation_failed", "查询参数无效", {"page": f"最多查看前 {MAX_RESULTS} 条"})
    return params


@bp.get("/search")
def search():
    """公开查询招聘信息(无需登录):关键词、地区、行业、工资、食宿、发布时间,排序与分页。"""
    j = jobs()
    return uc.search_postings(j.uow(), j.index, search_params(), date.today())


@bp.get("/public/postings/<posting_id>")
def public_posting(posting_id):
    """公开查看一条已发布的招聘信息(含备案号与中介许可状态)。"""
    return uc.public_posting(jobs().uow(), posting_id, date.today())
