"""HTTP entrypoints of recruitment-ad review, the public filing lookup and the ad's QR code."""
from flask import Blueprint, Response, g

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts
from services.common.ui.qr import public_url, qr_svg as svg_of
from services.common.validation import code_arg, int_arg

from ..domain import ad as rules
from ..service_layer import ads as use_cases
from .views import lic, page_of, plain

bp = Blueprint("ads", __name__, url_prefix="/api/licensing")


def verify_url(filing_number: str) -> str:
    """Where a phone lands from the QR code: the public page, at the ad's filing."""
    from urllib.parse import quote
    return public_url(f"/ui/licensing/verify?ad={quote(filing_number)}")


def qr_svg(filing_number: str) -> bytes:
    return svg_of(verify_url(filing_number), f"招聘广告备案号 {filing_number}")


@bp.post("/ads")
@require_roles(*rules.CLERKS)
@accepts(rules.AD_SCHEMA)
def submit(body):
    """登记招聘广告(报纸、广播、电视、网络)待审核。"""
    return plain(use_cases.submit(lic().uow(), body, current_user())), 201


@bp.get("/ads")
@require_roles(*rules.READERS)
def list_ads():
    """招聘广告审核队列。"""
    status = code_arg("status", choices=rules.STATUSES.codes)
    page, size = int_arg("page", 1, 100000, default=1), int_arg("page_size", 1, 100, default=20)
    items, total = use_cases.list_ads(lic().uow(), current_user(), status, page, size)
    return page_of(items, total, page, size, plain)


@bp.post("/ads/<ad_id>/review")
@require_roles(*rules.CLERKS)
@accepts(rules.REVIEW_SCHEMA)
def review(ad_id: str, body):
    """审核招聘广告:通过(发备案号)或驳回(须说明理由)。"""
    return plain(use_cases.review(lic().uow(), ad_id, body, current_user(), g.request_id))


@bp.get("/ads/filing/<path:filing_number>")
def lookup(filing_number: str):
    """按备案号公开查询招聘广告(无需登录)。"""
    return use_cases.lookup(lic().uow(), filing_number)


@bp.get("/ads/filing/<path:filing_number>/qr.svg")
def qr(filing_number: str):
    """备案广告的二维码(SVG),扫码进入公开核验页。"""
    use_cases.lookup(lic().uow(), filing_number)  # 404 for an unfiled number
    return Response(qr_svg(filing_number), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})
