"""The public job search (招聘信息查询) and a posting's page: no login, usable on a phone,
each posting with its filing number (备案号) and, for an agency, its license status."""
from datetime import date
from urllib.parse import quote, urlencode

from flask import Response, request

from services.common.errors import ApiError
from services.common.ui import render_page
from services.common.ui.qr import public_url, qr_svg

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


def qr_target(posting_id: str, posting: dict) -> str:
    """Where a posting's QR code leads: an agency's posting to the regulator's public check of
    that agency's license (live status, one-tap report of an illegal agency); an employer's
    posting to its own filed page."""
    agency = posting.get("agency") or {}
    if agency.get("license_number"):
        return public_url("/ui/licensing/verify?q=" + quote(agency["license_number"]))
    return public_url(f"/ui/jobs/postings/{quote(posting_id)}/public")


@bp.get("/postings/<posting_id>/qr.svg")
def posting_qr(posting_id):
    """一条招聘信息的备案二维码(公开;仅限已发布、未过期的信息)。"""
    p = uc.public_posting(jobs().uow(), posting_id, date.today())
    svg = qr_svg(qr_target(posting_id, p), f"招聘信息备案号 {p['filing_number']}")
    return Response(svg, mimetype="image/svg+xml")
