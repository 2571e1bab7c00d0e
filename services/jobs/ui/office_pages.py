"""The county office's and township stations' pages: the review queue (审核备案) with approve and
reject, postings and employers (with a register form); bases and orders are in order_pages.py,
an employer's own page and the liaison stations in employer_pages.py.
Each action is its own form post running the same use case as the API (post/redirect/get)."""
import logging
from datetime import date

from flask import g, redirect, request

from services.common.auth import current_user, require_roles
from services.common.errors import ApiError
from services.common.domain.errors import DomainError
from services.common.ui import error_of, form_values, render_page
from services.common.validation import BodySchema, code_arg, int_arg

from ..domain.agency import license_view
from ..domain.employer import EMPLOYER_SCHEMA
from ..domain.posting import POSTING_SCHEMA
from ..domain.roles import KEEPERS, READERS, REVIEWERS
from ..service_layer import employers as employers_uc
from ..service_layer import postings as postings_uc
from .common import LABELS, bp, jobs

log = logging.getLogger(__name__)


def _page() -> int:
    return int_arg("page", 1, 100000, default=1)


@bp.get("/review")
@require_roles(*REVIEWERS)
def review_page():
    """招聘信息审核:待审核队列,通过(备案并发布)或驳回。"""
    page = _page()
    items, total = postings_uc.review_queue(jobs().uow(), current_user(), page, 20)
    today = date.today()
    with jobs().uow() as uow:
        agencies = uow.agencies.many({p["agency_id"] for p in items if p.get("agency_id")})
    for p in items:
        p["license"] = license_view(agencies.get(p.get("agency_id")), today) if p.get("agency_id") else None
    return render_page("jobs/review.html", items=items, total=total, page=page,
                       done=request.args.get("done"), filing=request.args.get("filing"), **LABELS)


@bp.post("/review/<posting_id>/<decision>")
@require_roles(*REVIEWERS)
def review_action(posting_id, decision):
    """审核一条招聘信息(表单提交)。"""
    if decision not in ("approve", "reject"):
        raise ApiError(404, "not_found", "没有这个操作")
    posting = postings_uc.review(jobs().uow(), posting_id, decision, request.form.get("reason"), current_user(),
                                 g.request_id)
    try:
        jobs().index_posting(posting)
    except Exception:  # noqa: BLE001 - the indexer consumer writes it from the event anyway
        log.warning("write-through to the search index failed; the indexer will catch up")
    suffix = f"&filing={posting['filing_number']}" if decision == "approve" else ""
    return redirect(f"/ui/jobs/review?done={decision}{suffix}", 303)


@bp.get("/postings")
@require_roles(*READERS)
def postings_page():
    """招聘信息:按状态查看,含审核记录。"""
    status = code_arg("status", choices=tuple(LABELS["POSTING_STATES"]))
    page = _page()
    items, total = postings_uc.list_postings(jobs().uow(), current_user(), {"status": status} if status else {},
                                             page, 20)
    return render_page("jobs/postings.html", "results", items=items, total=total, page=page, state=status,
                       can_enter=current_user().role in KEEPERS, created=request.args.get("created"),
                       submitted=request.args.get("submitted"),
                       page_url=f"/ui/jobs/postings?status={status or ''}&", **LABELS)


@bp.get("/employers")
@require_roles(*READERS)
def employers_page(error=None, values=None, status=200):
    """用工单位:列表、考察记录,登记新单位。"""
    page = _page()
    items, total = employers_uc.list_employers(jobs().uow(), current_user(), {}, page, 20)
    return render_page("jobs/employers.html", items=items, total=total, page=page, error=error,
                       values=values or {}, created=request.args.get("created"), status=status,
                       can_register=current_user().role in KEEPERS, **LABELS)


EMPLOYER_FORM = BodySchema(EMPLOYER_SCHEMA)
POSTING_FORM = BodySchema(POSTING_SCHEMA)


@bp.post("/employers")
@require_roles(*KEEPERS)
def employers_register():
    """登记用工单位(表单提交)。"""
    values = form_values(["name", "credit_code", "region", "city", "address", "industry", "size"],
                         upper=["credit_code"])
    contact = form_values(["contact_name", "contact_phone"])
    body = dict(values)
    if contact.get("contact_name") or contact.get("contact_phone"):
        body["contacts"] = [{"name": contact.get("contact_name", ""), "phone": contact.get("contact_phone", "")}]
    try:
        employer = employers_uc.register_employer(jobs().uow(), EMPLOYER_FORM.parse(body), current_user())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        fields = {k.replace("contacts.0.", "contact_"): v for k, v in error["fields"].items()}
        return employers_page(error=dict(error, fields=fields), values=dict(values, **contact), status=status)
    return redirect(f"/ui/jobs/employers?created={employer['_id']}", 303)


POSTING_FIELDS = ["title", "employer_id", "industry", "work_region", "work_city", "headcount", "salary_min",
                  "salary_max", "hours", "board", "description", "training_offered", "contract_terms",
                  "valid_from", "valid_until"]
REQUIREMENT_FIELDS = ["age_min", "age_max", "education", "skills", "sex", "sex_reason"]
NUMBERS = {"headcount", "salary_min", "salary_max", "age_min", "age_max"}


def posting_form_body() -> tuple[dict, dict]:
    """The form as the API's JSON body (numbers as numbers, requirements nested), and the raw
    values to show again when it is refused."""
    values = form_values(POSTING_FIELDS + REQUIREMENT_FIELDS)
    body, req = {}, {}
    for name, raw in values.items():
        value = int(raw) if name in NUMBERS and raw.isdigit() else raw
        if name in REQUIREMENT_FIELDS:
            req[name] = [s for s in raw.replace(",", "、").replace(",", "、").split("、") if s] if name == "skills" else value
        else:
            body[name] = value
    if req:
        body["requirements"] = req
    return body, values


def _posting_form(values=None, error=None, status=200):
    with jobs().uow() as uow:
        employer_choices = [(e["_id"], e["name"]) for e in uow.employers.find({}, sort=[("name", 1)], limit=500)]
    return render_page("jobs/posting_new.html", values=values or {}, error=error, status=status,
                       employers=employer_choices, today=date.today().isoformat(), **LABELS)


@bp.get("/postings/new")
@require_roles(*KEEPERS)
def posting_new():
    """录入招聘信息(保存为草稿,再提交审核)。"""
    return _posting_form()


@bp.post("/postings/new")
@require_roles(*KEEPERS)
def posting_create():
    """录入招聘信息(表单提交)。"""
    body, values = posting_form_body()
    try:
        posting = postings_uc.create_posting(jobs().uow(), POSTING_FORM.parse(body), current_user())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        fields = {k.replace("requirements.", ""): v for k, v in error["fields"].items()}
        return _posting_form(values, dict(error, fields=fields), status)
    return redirect(f"/ui/jobs/postings?status=draft&created={posting['_id']}", 303)


@bp.post("/postings/<posting_id>/submit")
@require_roles(*KEEPERS)
def posting_submit(posting_id):
    """提交审核(表单提交)。"""
    postings_uc.submit(jobs().uow(), posting_id, current_user())
    return redirect("/ui/jobs/postings?status=submitted&submitted=1", 303)
