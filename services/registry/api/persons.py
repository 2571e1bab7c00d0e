"""HTTP entrypoints for the register of people (thin: parse, call a use case, shape the reply)."""
from flask import Blueprint, current_app, g, request

from services.common.auth import current_user, require_roles
from services.common.errors import ApiError
from services.common.openapi import accepts
from services.common.validation import int_arg

from ..domain.person import PATCH_SCHEMA, PERSON_SCHEMA, READERS, WRITERS
from ..domain.privacy import person_view
from ..domain.records import (INCOME_SCHEMA, MIGRATION_SCHEMA, STATUS_SCHEMA, TRAINING_SCHEMA,
                              masked_record)
from ..domain.search import parse_criteria
from ..service_layer import persons as use_cases
from ..service_layer import records

bp = Blueprint("persons", __name__, url_prefix="/api/registry")


def _registry():
    return current_app.extensions["registry"]


def origin() -> dict:
    """Where a read came from: the gateway appends the address it saw to X-Forwarded-For,
    so the last entry is the one we trust; the rest is what the client claimed."""
    chain = [p.strip() for p in request.headers.get("X-Forwarded-For", "").split(",") if p.strip()]
    return {"ip": chain[-1] if chain else request.remote_addr,
            "forwarded_for": ", ".join(chain)[:200] or None, "request_id": g.get("request_id")}


def idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not (1 <= len(key) <= 64 and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)):
        raise ApiError(400, "validation_failed", "Idempotency-Key 格式无效",
                       {"Idempotency-Key": "须为 1-64 位字母、数字、- 或 _"})
    return key


def paging(max_size: int = 100) -> tuple[int, int]:
    return int_arg("page", 1, 100000, default=1), int_arg("page_size", 1, max_size, default=20)


@bp.post("/persons")
@require_roles(*WRITERS)
@accepts(PERSON_SCHEMA)
def register(body):
    """登记一名劳动力(农村富余劳动力台账)。可带 Idempotency-Key 头防止重复提交。"""
    r = _registry()
    person = use_cases.register_person(r.uow(), r.regions.get(), body, current_user(),
                                       g.request_id, idempotency_key=idempotency_key(),
                                       ages=r.labor_ages)
    return person_view(person, current_user()), 201


@bp.get("/persons")
@require_roles(*READERS)
def list_persons():
    """查找人员:按姓名、身份证号、电话、乡镇、村、状态、年龄段、文化程度、技能、意向等筛选,分页排序。"""
    user = current_user()
    criteria = parse_criteria(request.args.to_dict(), use_cases.today())
    page, size = paging()
    items, total = use_cases.list_persons(_registry().uow(), user, criteria, page, size, origin())
    return {"items": [person_view(p, user) for p in items], "total": total,
            "page": page, "page_size": size}


@bp.get("/persons/<person_id>")
@require_roles(*READERS)
def get_person(person_id: str):
    """查看一名人员的档案(查看完整信息会记入个人信息查阅日志)。"""
    user = current_user()
    person = use_cases.get_person(_registry().uow(), person_id, user, origin())
    view = person_view(person, user)
    if view["masked"]:
        for key in ("trainings", "migrations"):
            view[key] = [masked_record(r) for r in view.get(key) or []]
    return view


@bp.patch("/persons/<person_id>")
@require_roles(*WRITERS)
@accepts(PATCH_SCHEMA)
def update_person(person_id: str, body):
    """修改人员档案(须带读取时的 version;已被他人修改则 409)。"""
    r = _registry()
    person = use_cases.update_person(r.uow(), r.regions.get(), person_id, body, current_user(),
                                     g.request_id)
    return person_view(person, current_user())


@bp.get("/persons/<person_id>/history")
@require_roles(*READERS)
def person_history(person_id: str):
    """人员档案的变更记录(谁、何时、改了什么)。"""
    entries = use_cases.history(_registry().uow(), person_id, current_user())
    for e in entries:
        e["at"] = e["at"].isoformat()
    return {"items": entries}


@bp.post("/persons/<person_id>/status")
@require_roles(*WRITERS)
@accepts(STATUS_SCHEMA)
def change_status(person_id: str, body):
    """变更就业状态(富余、外出务工、返乡、返乡创业)。"""
    person = records.change_status(_registry().uow(), person_id, body, current_user(), g.request_id)
    return person_view(person, current_user())


def _record(r: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") and not isinstance(v, str) else v)
            for k, v in r.items()}


@bp.post("/persons/<person_id>/trainings")
@require_roles(*WRITERS)
@accepts(TRAINING_SCHEMA)
def add_training(person_id: str, body):
    """登记一次培训(课程、机构、课时、证书、日期、费用来源)。"""
    return _record(records.add_training(_registry().uow(), person_id, body, current_user(),
                                        g.request_id)), 201


@bp.post("/persons/<person_id>/migrations")
@require_roles(*WRITERS)
@accepts(MIGRATION_SCHEMA)
def add_migration(person_id: str, body):
    """登记一次外出务工(单位、城市、去向、开始日期、月收入、组织形式)。"""
    return _record(records.add_migration(_registry().uow(), person_id, body, current_user(),
                                         g.request_id)), 201


@bp.post("/persons/<person_id>/incomes")
@require_roles(*WRITERS)
@accepts(INCOME_SCHEMA)
def report_income(person_id: str, body):
    """填报年度劳务收入。"""
    return _record(records.report_income(_registry().uow(), person_id, body, current_user(),
                                         g.request_id)), 201


MERGE_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["merge_id", "version"],
                "properties": {"merge_id": {"type": "string", "minLength": 1, "maxLength": 64},
                               "version": {"type": "integer", "minimum": 1}}}


@bp.post("/persons/<person_id>/merge")
@require_roles(*WRITERS)
@accepts(MERGE_SCHEMA)
def merge(person_id: str, body):
    """把疑似重复的人员(merge_id)并入本人员,保留双方变更记录。"""
    person = use_cases.merge_persons(_registry().uow(), person_id, body["merge_id"],
                                     current_user(), body["version"], g.request_id)
    return person_view(person, current_user())
