"""Cases: list and read (scoped), timeline, state changes (one route per action), handler,
consent, transfer, merge, referral and legal aid on a case."""
from flask import Blueprint, g

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts
from services.common.validation import code_arg, int_arg

from ..domain.access import HANDLER_ROLE, READ_ROLES
from ..domain.case import OUTCOME_SCHEMA, TEXT
from ..domain.codes import CASE_STATES, CATEGORIES
from ..domain.legal_aid import ASSIGN_SCHEMA, OUTCOME_SCHEMA as AID_OUTCOME, REQUEST_SCHEMA
from ..domain.referral import REFERRAL_SCHEMA
from ..service_layer import cases as use_cases
from ..service_layer import legal_aid, referrals
from ..service_layer.cases import today
from ..storage.cases import CaseRepository
from .common import VERSIONED, rights, view

bp = Blueprint("rights_cases", __name__, url_prefix="/api/rights")
HANDLERS = tuple(HANDLER_ROLE.values())
DEPARTMENT = {"enum": list(HANDLER_ROLE)}


@bp.get("/cases")
@require_roles(*READ_ROLES)
def list_cases():
    """案件列表(按角色可见范围;可按状态、类别、承办部门、是否超期筛选)。"""
    filters = CaseRepository.filters(
        state=code_arg("state", choices=CASE_STATES.codes),
        category=code_arg("category", choices=CATEGORIES.codes),
        department=code_arg("department", choices=tuple(HANDLER_ROLE)),
        overdue_on=today() if code_arg("overdue", choices=("0", "1")) == "1" else None)
    page = int_arg("page", 1, 100000, default=1)
    size = int_arg("page_size", 1, 100, default=20)
    items, total = use_cases.list_cases(rights().uow(), current_user(), filters, page, size)
    return {"items": [view(c) for c in items], "total": total, "page": page, "page_size": size}


@bp.get("/cases/<case_id>")
@require_roles(*READ_ROLES)
def get_case(case_id: str):
    """查看案件。"""
    return view(use_cases.get_case(rights().uow(), case_id, current_user()))


@bp.get("/cases/<case_id>/timeline")
@require_roles(*READ_ROLES)
def timeline(case_id: str):
    """案件全过程记录(谁、何时、做了什么、为什么)。"""
    return {"items": view(use_cases.get_case(rights().uow(), case_id, current_user()))["timeline"]}


def _state_route(action: str, schema: dict, doc: str):
    def handler(case_id: str, body):
        case = use_cases.change_state(rights().uow(), case_id, action, current_user(), body,
                                      g.request_id)
        return view(case)
    handler.__name__ = f"case_{action}"
    handler.__doc__ = doc
    bp.post(f"/cases/<case_id>/{action}")(require_roles(*HANDLERS)(accepts(schema)(handler)))


_state_route("accept", VERSIONED, "立案。")
_state_route("investigate", VERSIONED, "开始调查处理。")
_state_route("resolve", OUTCOME_SCHEMA, "办结并填写处理结果(追回工资、赔偿、处罚中介或无结果)。")
_state_route("close", VERSIONED, "结案(发布 case.closed)。")
_state_route("reject", VERSIONED, "不予受理(须说明理由)。")


@bp.post("/cases/<case_id>/assign")
@require_roles(*HANDLERS)
@accepts({"type": "object", "additionalProperties": False, "required": ["username"],
          "properties": {"username": {"type": "string", "minLength": 1, "maxLength": 64},
                         "user_id": {"type": "string", "maxLength": 64}}})
def assign(case_id: str, body):
    """指派或改派经办人。"""
    handler = {"username": body["username"], "user_id": body.get("user_id") or body["username"]}
    return view(use_cases.assign(rights().uow(), case_id, current_user(), handler))


@bp.post("/cases/<case_id>/consent")
@require_roles("rights_staff")
@accepts({"type": "object", "additionalProperties": False, "required": ["given"],
          "properties": {"given": {"type": "boolean"}, "note": TEXT(200)}})
def consent(case_id: str, body):
    """记录投诉人是否同意向其他部门提供其个人信息。"""
    return view(use_cases.record_consent(rights().uow(), case_id, current_user(), body["given"],
                                         body.get("note")))


@bp.post("/cases/<case_id>/transfer")
@require_roles(*HANDLERS)
@accepts({"type": "object", "additionalProperties": False, "required": ["to_department", "reason"],
          "properties": {"to_department": DEPARTMENT,
                         "reason": {"type": "string", "minLength": 2, "maxLength": 500,
                                    "description_error": "请用 2-500 字说明理由"},
                         "override_reason": TEXT(500)}})
def transfer(case_id: str, body):
    """移交案件(承办部门改变;与转办协办不同)。"""
    return view(use_cases.transfer(rights().uow(), case_id, current_user(), body, g.request_id))


@bp.post("/cases/<case_id>/merge")
@require_roles(*HANDLERS)
@accepts({"type": "object", "additionalProperties": False, "required": ["into_case_id", "reason"],
          "properties": {"into_case_id": {"type": "string", "minLength": 1, "maxLength": 64},
                         "reason": {"type": "string", "minLength": 2, "maxLength": 500,
                                    "description_error": "请用 2-500 字说明理由"}}})
def merge(case_id: str, body):
    """把重复投诉并入另一案件。"""
    return view(use_cases.merge(rights().uow(), case_id, body["into_case_id"], current_user(),
                                body["reason"]))


@bp.post("/cases/<case_id>/referrals")
@require_roles(*HANDLERS)
@accepts(REFERRAL_SCHEMA)
def refer(case_id: str, body):
    """转其他部门协办(须有投诉人同意或填写越过同意的理由)。"""
    case, referral = referrals.refer_case(rights().uow(), case_id, current_user(), body,
                                          g.request_id)
    return {"referral": view(case)["referrals"][-1], "case": view(case)}, 201


@bp.post("/cases/<case_id>/legal-aid")
@require_roles(*HANDLERS)
@accepts(REQUEST_SCHEMA)
def request_legal_aid(case_id: str, body):
    """申请法律援助。"""
    return view(legal_aid.request(rights().uow(), case_id, current_user(), body["reason"])), 201


@bp.post("/cases/<case_id>/legal-aid/assign")
@require_roles("justice_officer")
@accepts(ASSIGN_SCHEMA)
def assign_legal_aid(case_id: str, body):
    """司法局指派律师或法律援助人员(可改派)。"""
    return view(legal_aid.assign(rights().uow(), case_id, current_user(), body["lawyer"],
                                 body.get("organization"), g.request_id))


@bp.post("/cases/<case_id>/legal-aid/outcome")
@require_roles("justice_officer")
@accepts(AID_OUTCOME)
def legal_aid_outcome(case_id: str, body):
    """法律援助办结(调解、仲裁、诉讼及结果)。"""
    return view(legal_aid.conclude(rights().uow(), case_id, current_user(), body["method"],
                                   body["result"]))


@bp.get("/legal-aid")
@require_roles("justice_officer", "rights_staff", "county_admin")
def legal_aid_queue():
    """法律援助队列(司法局)。"""
    state = code_arg("state", choices=("requested", "assigned", "concluded"))
    items = legal_aid.queue(rights().uow(), current_user(),
                            [state] if state else ["requested", "assigned"])
    return {"items": [view(c) for c in items]}
