"""HTTP entrypoints for the register of people (thin: parse, call the service, shape the reply)."""
from flask import Blueprint, current_app, g, request

from services.common.auth import current_user, require_roles
from services.common.errors import ApiError
from services.common.openapi import accepts
from services.common.validation import int_arg
from services.common.scope import in_region, region_filter

from .. import service
from ..domain.person import PERSON_SCHEMA, READERS, WRITERS, person_view
from ..storage import persons as store

bp = Blueprint("persons", __name__, url_prefix="/api/registry")


def _db():
    return current_app.extensions["db"]


@bp.post("/persons")
@require_roles(*WRITERS)
@accepts(PERSON_SCHEMA)
def register(body):
    """登记一名劳动力(农村富余劳动力台账)。"""
    person = service.register_person(current_app.extensions["mongo_client"], _db(),
                                     current_app.extensions["regions"].get(), body,
                                     current_user(), g.request_id)
    return person_view(person, current_user()), 201


@bp.get("/persons")
@require_roles(*READERS)
def list_persons():
    """按辖区列出人员(分页)。"""
    user = current_user()
    query: dict = {}
    for key in ("township_code", "village_code", "status"):
        value = request.args.get(key)
        if value:
            if not value.isalnum() or len(value) > 20:
                raise ApiError(400, "validation_failed", "查询参数无效", {key: "格式不正确"})
            query[key] = value
    scope = region_filter(user)
    if scope:
        query = {"$and": [query, scope]} if query else scope
    page = int_arg("page", 1, 100000, default=1)
    size = int_arg("page_size", 1, 100, default=20)
    items, total = store.list_persons(_db(), query, (page - 1) * size, size)
    return {"items": [person_view(p, user) for p in items], "total": total,
            "page": page, "page_size": size}


@bp.get("/persons/<person_id>")
@require_roles(*READERS)
def get_person(person_id: str):
    """查看一名人员的档案。"""
    user = current_user()
    person = store.find_person(_db(), person_id)
    if person is None:
        raise ApiError(404, "not_found", "人员不存在")
    if not in_region(user, person["township_code"], person["village_code"]):
        raise ApiError(403, "out_of_region", "无权查看其他辖区的人员")
    return person_view(person, user)
