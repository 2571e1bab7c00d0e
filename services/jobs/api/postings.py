"""HTTP entrypoints for postings: entry, review (审核备案), withdrawal, and candidates."""
import logging
from datetime import date

from flask import Blueprint, g, request

from services.common.auth import current_user, require_roles
from services.common.errors import ApiError
from services.common.openapi import accepts
from services.common.validation import code_arg

from ..domain.common import view
from ..domain.posting import ACTION_SCHEMA, POSTING_SCHEMA, REVIEW_SCHEMA, STATES
from ..domain.roles import KEEPERS, MATCHERS, READERS, REVIEWERS
from ..service_layer import matching
from ..service_layer import postings as uc
from .common import jobs, listing, paging

log = logging.getLogger(__name__)
bp = Blueprint("jobs_postings", __name__, url_prefix="/api/jobs")


def _indexed(posting: dict) -> dict:
    try:
        jobs().index_posting(posting)
    except Exception:  # noqa: BLE001 - the indexer consumer writes it from the event anyway
        log.warning("write-through to the search index failed; the indexer will catch up")
    return view(posting)


@bp.post("/postings")
@require_roles(*KEEPERS)
@accepts(POSTING_SCHEMA)
def create(body):
    """录入招聘信息(草稿)。"""
    return view(uc.create_posting(jobs().uow(), body, current_user())), 201


@bp.get("/postings")
@require_roles(*READERS)
def list_postings():
    """招聘信息列表(按状态筛选)。"""
    filters = {}
    status = code_arg("status", choices=tuple(STATES))
    if status:
        filters["status"] = status
    page, size = paging()
    return listing(*uc.list_postings(jobs().uow(), current_user(), filters, page, size), page, size)


@bp.get("/postings/review-queue")
@require_roles(*REVIEWERS)
def review_queue():
    """待审核的招聘信息。"""
    page, size = paging()
    return listing(*uc.review_queue(jobs().uow(), current_user(), page, size), page, size)


@bp.get("/postings/<posting_id>")
@require_roles(*READERS)
def get_posting(posting_id):
    """查看招聘信息(含审核记录)。"""
    return view(uc.get_posting(jobs().uow(), posting_id, current_user()))


@bp.post("/postings/<posting_id>/submit")
@require_roles(*KEEPERS)
def submit(posting_id):
    """提交审核。"""
    return view(uc.submit(jobs().uow(), posting_id, current_user()))


@bp.post("/postings/<posting_id>/review")
@require_roles(*REVIEWERS)
@accepts(REVIEW_SCHEMA)
def review(posting_id, body):
    """审核:通过(备案并发布)或驳回(须说明原因)。"""
    posting = uc.review(jobs().uow(), posting_id, body["decision"], body.get("reason"), current_user(),
                        g.request_id)
    return _indexed(posting)


@bp.post("/postings/<posting_id>/withdraw")
@require_roles(*KEEPERS)
@accepts(ACTION_SCHEMA)
def withdraw(posting_id, body):
    """撤回招聘信息(须说明原因)。"""
    return _indexed(uc.act(jobs().uow(), posting_id, "withdraw", body.get("reason"), current_user(),
                           g.request_id))


@bp.post("/postings/<posting_id>/revise")
@require_roles(*KEEPERS)
@accepts(ACTION_SCHEMA)
def revise(posting_id, body):
    """被驳回的招聘信息退回草稿以便修改。"""
    return view(uc.act(jobs().uow(), posting_id, "revise", body.get("reason"), current_user(), g.request_id))


@bp.get("/postings/<posting_id>/candidates")
@require_roles(*MATCHERS)
def candidates(posting_id):
    """为岗位推荐本辖区的求职人员(评分、理由、欠缺条件)。"""
    return matching.candidates_for_posting(jobs().uow(), posting_id, current_user(), date.today())


@bp.get("/matches")
@require_roles(*MATCHERS)
def matches():
    """为一名劳动力推荐在招岗位(评分、理由、欠缺条件)。"""
    person_id = (request.args.get("person_id") or "").strip()
    if not person_id or len(person_id) > 64:
        raise ApiError(400, "validation_failed", "查询参数无效", {"person_id": "必填"})
    return matching.matches_for_worker(jobs().uow(), person_id, current_user(), date.today(),
                                       open_postings=jobs().open_postings)
