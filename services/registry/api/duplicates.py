"""Likely duplicates (疑似重复): the flagged pairs a keeper may review, and “not a duplicate”.
Merging is POST /api/registry/persons/<id>/merge (api/persons.py)."""
from flask import Blueprint, current_app

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts

from ..domain.person import WRITERS
from ..domain.privacy import person_view
from ..service_layer import duplicates as use_cases
from .persons import origin, paging

bp = Blueprint("registry_duplicates", __name__, url_prefix="/api/registry")

DISMISS_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["other_id", "version"],
                  "properties": {"other_id": {"type": "string", "minLength": 1, "maxLength": 64},
                                 "version": {"type": "integer", "minimum": 1, "maximum": 2 ** 31}}}


def _registry():
    return current_app.extensions["registry"]


@bp.get("/duplicates")
@require_roles(*WRITERS)
def list_duplicates():
    """疑似重复人员(同名且出生日期相同),两条记录并列;只列两条都在本辖区的,其他辖区的只计数(elsewhere)。"""
    user = current_user()
    page, size = paging(50)
    found = use_cases.list_pairs(_registry().uow(), user, page, size, origin())
    return {"items": [{"a": person_view(a, user), "b": person_view(b, user)} for a, b in found["pairs"]],
            "total": found["total"], "elsewhere": found["elsewhere"], "page": page, "page_size": size}


@bp.post("/persons/<person_id>/not-duplicate")
@require_roles(*WRITERS)
@accepts(DISMISS_SCHEMA)
def not_duplicate(person_id: str, body):
    """确认不是重复:取消两人的疑似重复标记(version 为本人员读取时的版本),两人的变更记录均留痕。"""
    user = current_user()
    person = use_cases.dismiss_duplicate(_registry().uow(), person_id[:64], body["other_id"], user,
                                         body["version"])
    return person_view(person, user)
