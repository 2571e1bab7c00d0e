"""An intermediary (职业介绍机构) and its 职业介绍许可证: application, review, licence, renewal,
changes, suspension, revocation, expiry, and the commerce business-licence record that makes
a licensed agency "operating" (四(二): labor approves first, then commerce registers). Pure."""
import uuid
from datetime import date, datetime

from services.common.domain.actor import Actor
from services.common.domain.choices import Choices
from services.common.domain.errors import InvalidField, NotAllowed, RuleBroken
from services.common.domain.personal_data import mask_phone
from services.common.domain.workflow import Workflow

from services.common.domain.credit_code import InvalidCreditCode, parse_credit_code

STATUSES = Choices([("applied", "已申请"), ("under_review", "审核中"), ("licensed", "已许可"),
                    ("rejected", "未获许可"), ("suspended", "暂停"), ("revoked", "吊销"),
                    ("expired", "已过期")])
ACTIONS = Choices([("review", "受理审核"), ("approve", "批准许可"), ("reject", "不予许可"),
                   ("renew", "续期"), ("suspend", "暂停"), ("reinstate", "恢复"),
                   ("revoke", "吊销"), ("expire", "到期")])
LICENSE = Workflow("license", {
    ("applied", "review"): "under_review",
    ("applied", "reject"): "rejected",
    ("under_review", "approve"): "licensed",
    ("under_review", "reject"): "rejected",
    ("licensed", "renew"): "licensed",
    ("expired", "renew"): "licensed",
    ("licensed", "suspend"): "suspended",
    ("suspended", "reinstate"): "licensed",
    ("licensed", "revoke"): "revoked",
    ("suspended", "revoke"): "revoked",
    ("licensed", "expire"): "expired",
    ("suspended", "expire"): "expired",
}, STATUSES.as_dict(), ACTIONS.as_dict())

VALID_YEARS = 3
# the labor office decides on licences; commerce enters its business licence; these read
LICENSERS = ("county_admin",)
COMMERCE = ("commerce_officer",)
READERS = ("county_admin", "leader", "commerce_officer", "police_officer", "rights_staff")
# who keeps agency files, and so sees staff certificate numbers and phones in full
KEEPERS = ("county_admin", "commerce_officer")
CHANGE_KINDS = Choices([("address", "变更地址"), ("legal_representative", "变更法定代表人"),
                        ("staff", "变更从业人员")])

_TEXT = {"type": "string", "minLength": 1, "maxLength": 200}
STAFF_SCHEMA = {"type": "array", "minItems": 1, "maxItems": 50, "items": {
    "type": "object", "additionalProperties": False, "required": ["name", "certificate_number"],
    "properties": {"name": {"type": "string", "minLength": 2, "maxLength": 30},
                   "certificate_number": {"type": "string", "pattern": r"^[A-Za-z0-9-]{6,30}$",
                                          "description_error": "须为 6-30 位字母、数字或连字符"}}}}
APPLICATION_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["name", "credit_code", "address", "legal_representative", "contact_phone",
                 "staff", "service_scope", "fee_schedule"],
    "properties": {
        "name": {"type": "string", "minLength": 4, "maxLength": 60,
                 "description_error": "机构名称须为 4-60 个字"},
        "credit_code": {"type": "string", "minLength": 1, "maxLength": 18,
                        "description_error": "须为 18 位统一社会信用代码"},
        "address": _TEXT,
        "legal_representative": {"type": "string", "minLength": 2, "maxLength": 30},
        "contact_phone": {"type": "string", "pattern": r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$",
                          "description_error": "须为 11 位手机号或带区号的固定电话"},
        "staff": STAFF_SCHEMA,
        "service_scope": {"type": "string", "minLength": 2, "maxLength": 500},
        "fee_schedule": {"type": "array", "minItems": 1, "maxItems": 30, "items": {
            "type": "object", "additionalProperties": False, "required": ["item", "amount"],
            "properties": {"item": {"type": "string", "minLength": 1, "maxLength": 60},
                           "amount": {"type": "number", "minimum": 0, "maximum": 100000}}}},
        "documents": {"type": "array", "maxItems": 30, "items": {"type": "string", "minLength": 1,
                                                               "maxLength": 100}},
    },
}
DECISION_SCHEMA = {"type": "object", "additionalProperties": False, "properties": {
    "reason": {"type": "string", "minLength": 2, "maxLength": 500,
               "description_error": "须填写 2-500 字的理由"}}}
REASON_REQUIRED = dict(DECISION_SCHEMA, required=["reason"])
CHANGE_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["kind"],
                 "properties": {"kind": CHANGE_KINDS.schema(), "address": _TEXT,
                                "legal_representative": {"type": "string", "minLength": 2,
                                                         "maxLength": 30},
                                "staff": STAFF_SCHEMA,
                                "reason": {"type": "string", "maxLength": 500}}}
BUSINESS_LICENSE_SCHEMA = {"type": "object", "additionalProperties": False,
                           "required": ["number", "registered_on"],
                           "properties": {"number": {"type": "string", "pattern": r"^[0-9A-Z]{8,30}$",
                                                     "description_error": "须为 8-30 位数字或大写字母"},
                                          "registered_on": {"type": "string", "format": "date",
                                                            "pattern": r"^\d{4}-\d\d-\d\d$",
                                                            "description_error": "日期格式为 YYYY-MM-DD"}}}


def _require(actor: Actor, roles, what: str) -> None:
    if actor.role not in roles:
        raise NotAllowed(f"无权{what}")


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def new_application(body: dict, actor: Actor, now: datetime) -> dict:
    _require(actor, LICENSERS, "登记许可申请")
    try:
        credit_code = parse_credit_code(body["credit_code"])
    except InvalidCreditCode as e:
        raise InvalidField("统一社会信用代码无效", {"credit_code": str(e)})
    certs = [s["certificate_number"] for s in body["staff"]]
    if len(set(certs)) != len(certs):
        raise InvalidField("从业人员证书编号重复", {"staff": "证书编号不能重复"})
    agency = {k: v for k, v in body.items()}
    agency.update({
        "_id": uuid.uuid4().hex, "name": body["name"].strip(), "credit_code": credit_code,
        "documents": body.get("documents", []), "status": "applied",
        "license_number": None, "issued_on": None, "valid_until": None,
        "business_license": None, "score_year": now.year, "score": 100,
        "deductions": [], "proposals": [], "log": [], "changes": [],
        "created_at": now, "created_by": actor.audit(), "updated_at": now,
        "updated_by": actor.audit(), "version": 1,
    })
    return agency


def _apply(agency: dict, action: str, actor: Actor, now: datetime, reason: str | None = None) -> dict:
    agency["status"], entry = LICENSE.apply(agency["status"], action, actor, now, reason)
    agency["log"].append(entry)
    agency["updated_at"], agency["updated_by"] = now, actor.audit()
    return entry


def start_review(agency: dict, actor: Actor, now: datetime) -> None:
    _require(actor, LICENSERS, "审核许可申请")
    _apply(agency, "review", actor, now)


def approve(agency: dict, actor: Actor, now: datetime, license_number: str) -> None:
    _require(actor, LICENSERS, "批准许可")
    _apply(agency, "approve", actor, now)
    agency["license_number"] = license_number
    agency["issued_on"] = now.date().isoformat()
    agency["valid_until"] = add_years(now.date(), VALID_YEARS).isoformat()


def reject(agency: dict, actor: Actor, now: datetime, reason: str | None) -> None:
    _require(actor, LICENSERS, "作出不予许可决定")
    if not reason:
        raise InvalidField("不予许可须说明理由", {"reason": "必填"})
    _apply(agency, "reject", actor, now, reason)


def renew(agency: dict, actor: Actor, now: datetime) -> None:
    """Three more years from the later of today and the current expiry."""
    _require(actor, LICENSERS, "办理续期")
    if agency["status"] == "revoked":
        raise RuleBroken("许可证已被吊销,不能续期", {"status": "revoked"})
    _apply(agency, "renew", actor, now)
    start = max(date.fromisoformat(agency["valid_until"]), now.date())
    agency["valid_until"] = add_years(start, VALID_YEARS).isoformat()


def suspend(agency: dict, actor: Actor, now: datetime, reason: str) -> None:
    _require(actor, LICENSERS, "暂停许可")
    _apply(agency, "suspend", actor, now, reason)


def reinstate(agency: dict, actor: Actor, now: datetime, reason: str | None) -> None:
    _require(actor, LICENSERS, "恢复许可")
    _apply(agency, "reinstate", actor, now, reason)


def revoke(agency: dict, actor: Actor, now: datetime, reason: str) -> None:
    _require(actor, LICENSERS, "吊销许可")
    _apply(agency, "revoke", actor, now, reason)


def is_due(agency: dict, today: date) -> bool:
    return (agency["status"] in ("licensed", "suspended") and agency.get("valid_until") is not None
            and date.fromisoformat(agency["valid_until"]) < today)


def expire(agency: dict, system: Actor, now: datetime) -> None:
    _apply(agency, "expire", system, now, f"许可证有效期至 {agency['valid_until']},已到期")


def change(agency: dict, body: dict, actor: Actor, now: datetime) -> list[str]:
    """Address, legal representative or staff of a licensed (or suspended) agency; the old
    values are kept in the change list."""
    _require(actor, LICENSERS, "办理变更")
    if agency["status"] not in ("licensed", "suspended"):
        raise RuleBroken(f"当前状态“{STATUSES.label(agency['status'])}”不能办理变更",
                         {"status": agency["status"]})
    kind = body["kind"]
    if kind not in body:
        raise InvalidField("变更内容缺失", {kind: "必填"})
    if kind == "staff":
        certs = [s["certificate_number"] for s in body["staff"]]
        if len(set(certs)) != len(certs):
            raise InvalidField("从业人员证书编号重复", {"staff": "证书编号不能重复"})
    agency["changes"].append({"kind": kind, "old": agency.get(kind), "new": body[kind],
                              "reason": body.get("reason"), "at": now, "by": actor.audit()})
    agency[kind] = body[kind]
    agency["updated_at"], agency["updated_by"] = now, actor.audit()
    return [kind]


def record_business_license(agency: dict, body: dict, actor: Actor, now: datetime) -> None:
    _require(actor, COMMERCE, "登记营业执照(须由工商部门录入)")
    if agency["status"] not in ("licensed", "suspended"):
        raise RuleBroken("须先取得劳动部门的职业介绍许可证,方可登记营业执照",
                         {"status": agency["status"]})
    try:
        date.fromisoformat(body["registered_on"])
    except ValueError:
        raise InvalidField("日期无效", {"registered_on": "不是有效日期"})
    agency["business_license"] = {"number": body["number"], "registered_on": body["registered_on"],
                                  "entered_at": now, "entered_by": actor.audit()}
    agency["updated_at"], agency["updated_by"] = now, actor.audit()


def is_operating(agency: dict) -> bool:
    """May do business: licensed by labor and registered by commerce."""
    return agency["status"] == "licensed" and bool(agency.get("business_license"))


def agency_view(agency: dict, actor: Actor) -> dict:
    view = {k: v for k, v in agency.items() if k != "_id"}
    view["id"] = agency["_id"]
    view["operating"] = is_operating(agency)
    view["status_label"] = STATUSES.label(agency["status"])
    if actor.role not in KEEPERS:
        view["contact_phone"] = mask_phone(agency.get("contact_phone"))
        view["staff"] = [{"name": s["name"], "certificate_number": s["certificate_number"][:2] + "****"}
                         for s in agency.get("staff", [])]
        view.pop("changes", None)  # old phones and certificates stay with the keepers
    return view


def licensed_event_data(agency: dict, at: str) -> dict:
    return {"agency_id": agency["_id"], "name": agency["name"], "credit_code": agency["credit_code"],
            "license_number": agency["license_number"], "valid_until": agency["valid_until"],
            "score": agency["score"], "at": at}


def status_event_data(agency: dict, reason: str, at: str) -> dict:
    return {"agency_id": agency["_id"], "name": agency["name"],
            "license_number": agency["license_number"], "reason": reason, "at": at}
