"""HTTP entrypoints for employers, vetting visits, liaison stations and output bases."""
from datetime import date

from flask import Blueprint, g, request

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts
from services.common.validation import code_arg

from ..domain.base import BASE_SCHEMA, END_SCHEMA
from ..domain.common import parse_date, view
from ..domain.employer import EMPLOYER_SCHEMA, STATION_SCHEMA, VISIT_SCHEMA
from ..domain.labels import INDUSTRIES
from ..domain.roles import KEEPERS, READERS, REVIEWERS
from ..service_layer import employers as uc
from .common import jobs, listing, paging

bp = Blueprint("jobs_employers", __name__, url_prefix="/api/jobs")


@bp.post("/employers")
@require_roles(*KEEPERS)
@accepts(EMPLOYER_SCHEMA)
def register_employer(body):
    """登记用工单位(统一社会信用代码校验)。"""
    return view(uc.register_employer(jobs().uow(), body, current_user())), 201


@bp.get("/employers")
@require_roles(*READERS)
def list_employers():
    """用工单位列表。"""
    filters = {}
    industry = code_arg("industry", choices=INDUSTRIES.codes)
    if industry:
        filters["industry"] = industry
    page, size = paging()
    return listing(*uc.list_employers(jobs().uow(), current_user(), filters, page, size), page, size)


@bp.get("/employers/<employer_id>")
@require_roles(*READERS)
def get_employer(employer_id):
    """查看用工单位(含考察记录)。"""
    return view(uc.get_employer(jobs().uow(), employer_id, current_user()))


@bp.post("/employers/<employer_id>/visits")
@require_roles(*KEEPERS)
@accepts(VISIT_SCHEMA)
def record_visit(employer_id, body):
    """登记联络站对用工单位的实地考察。"""
    visit = uc.record_visit(jobs().uow(), employer_id, body, current_user())
    return dict(visit, at=visit["at"].isoformat()), 201


@bp.post("/stations")
@require_roles(*REVIEWERS)
@accepts(STATION_SCHEMA)
def register_station(body):
    """登记驻外联络站/办事处。"""
    return view(uc.register_station(jobs().uow(), body, current_user())), 201


@bp.get("/stations")
@require_roles(*READERS)
def list_stations():
    """联络站列表。"""
    return {"items": [view(s) for s in uc.list_stations(jobs().uow(), current_user())]}


@bp.post("/bases")
@require_roles(*REVIEWERS)
@accepts(BASE_SCHEMA)
def establish_base(body):
    """建立劳务输出基地。"""
    return view(uc.establish_base(jobs().uow(), body, current_user(), g.request_id)), 201


@bp.get("/bases")
@require_roles(*READERS)
def list_bases():
    """输出基地列表。"""
    filters = {}
    status = code_arg("status", choices=("established", "ended"))
    if status:
        filters["status"] = status
    page, size = paging()
    return listing(*uc.list_bases(jobs().uow(), current_user(), filters, page, size), page, size)


@bp.post("/bases/<base_id>/end")
@require_roles(*REVIEWERS)
@accepts(END_SCHEMA)
def end_base(base_id, body):
    """终止输出基地协议。"""
    on = parse_date(body["on"], "on") if body.get("on") else None
    return view(uc.end_output_base(jobs().uow(), base_id, body["reason"], on, current_user(),
                                   g.request_id))
