"""HTTP entrypoints for the register of people (thin: parse, call a use case, shape the reply)."""
from flask import Blueprint, current_app, g, request

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts
from services.common.validation import code_arg, int_arg

from ..domain.person import PERSON_SCHEMA, READERS, STATUSES, WRITERS, person_view
from ..service_layer import persons as use_cases

bp = Blueprint("persons", __name__, url_prefix="/api/registry")


def _registry():
    return current_app.extensions["registry"]


@bp.post("/persons")
@require_roles(*WRITERS)
@accepts(PERSON_SCHEMA)
def register(body):
    """登记一名劳动力(农村富余劳动力台账)。"""
    r = _registry()
    person = use_cases.register_person(r.uow(), r.regions.get(), body, current_user(), g.request_id)
    return person_view(person, current_user()), 201


@bp.get("/persons")
@require_roles(*READERS)
def list_persons():
    """按辖区列出人员(分页)。"""
    user = current_user()
    filters = {}
    for key, digits in (("township_code", 9), ("village_code", 12)):
        value = code_arg(key, digits)
        if value:
            filters[key] = value
    status = request.args.get("status")
    if status:
        filters["status"] = code_arg("status", choices=STATUSES.codes)
    page = int_arg("page", 1, 100000, default=1)
    size = int_arg("page_size", 1, 100, default=20)
    items, total = use_cases.list_persons(_registry().uow(), user, filters, page, size)
    return {"items": [person_view(p, user) for p in items], "total": total,
            "page": page, "page_size": size}


@bp.get("/persons/<person_id>")
@require_roles(*READERS)
def get_person(person_id: str):
    """查看一名人员的档案。"""
    user = current_user()
    return person_view(use_cases.get_person(_registry().uow(), person_id, user), user)
