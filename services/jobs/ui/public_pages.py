"""The public job search (招聘信息查询) and a posting's page: no login, usable on a phone,
each posting with its filing number (备案号) and, for an agency, its license status."""
from datetime import date
from urllib.parse import urlencode

from flask import request

from services.common.errors import ApiError
from services.common.ui import render_page

from ..api.search import search_params
from ..search.query import SearchParams
from ..service_layer import search as uc
from .common import LABELS, bp, jobs

SORT_LABELS = [("relevance", "按相关度"), ("wage", "按工资"), ("date", "按发布时间")]
WITHIN = [("3", "3 天内"), ("7", "一周内"), ("30", "一个月内")]
BOARD_FILTER = [("both", "包吃住"), ("food", "包吃"), ("lodging", "包住")]


@bp.get("/search")
def search_page():
    """招聘信息查询(公开,手机可用)。"""
    error, result, params = None, None, SearchParams()
    try:
        params = search_params()
        j = jobs()
        result = uc.search_postings(j.uow(), j.index, params, date.today())
    except ApiError as e:
        error = {"message": e.message, "fields": e.fields}
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    base_url = "/ui/jobs/search?" + (urlencode(args) + "&" if args else "")
    return render_page("jobs/search.html", "results", params=params, result=result, error=error,
                       args=args, page_url=base_url, SORT_LABELS=SORT_LABELS, WITHIN=WITHIN,
                       BOARD_FILTER=BOARD_FILTER, **LABELS)


@bp.get("/postings/<posting_id>/public")
def public_posting_page(posting_id):
    """一条招聘信息(公开)。"""
    p = uc.public_posting(jobs().uow(), posting_id, date.today())
    return render_page("jobs/posting_public.html", p=p, **LABELS)
