"""投诉登记: the hotline staff's intake form (server-rendered, keyboard-first), with the
wage-alert drafts the center should follow up."""
from flask import g, redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError, InvalidField
from services.common.errors import ApiError
from services.common.ui import error_of, render_page
from services.common.validation import BodySchema

from ..domain.access import INTAKE_ROLES
from ..domain.case import COMPLAINT_SCHEMA, PUBLIC_COMPLAINT_SCHEMA
from ..service_layer import cases as use_cases
from ..service_layer import intake_sources
from .common import LABELS, bp, form_errors, rights

STAFF_FORM = BodySchema(COMPLAINT_SCHEMA)
PUBLIC_FORM = BodySchema(PUBLIC_COMPLAINT_SCHEMA)
FIELD_LABELS = {"channel": "来源", "category": "类别", "complainant": "投诉人",
                "respondent": "被投诉方", "amount_claimed": "涉及金额", "place": "事发地点",
                "township_code": "乡镇", "description": "情况说明", "attachments": "材料清单",
                "draft_id": "欠薪预警"}


def complaint_from_form(form, staff: bool = True) -> dict:
    """The flat form as the API's JSON body; blanks left out so `required` names them."""
    def text(name):
        return (form.get(name) or "").strip()
    body = {"category": text("category"), "place": text("place"),
            "description": text("description"),
            "complainant": {"name": text("complainant_name"), "phone": text("complainant_phone"),
                            "confidential": form.get("complainant_confidential") == "1",
                            "consent_to_share": form.get("complainant_consent_to_share") == "1"},
            "respondent": {"type": text("respondent_type"), "name": text("respondent_name")}}
    if staff:
        body["channel"] = text("channel")
        lines = [ln.strip()[:100] for ln in text("attachments").splitlines() if ln.strip()]
        body["attachments"] = [{"name": ln} for ln in lines]
        if text("draft_id"):
            body["draft_id"] = text("draft_id")
        if text("respondent_id"):
            body["respondent"]["id"] = text("respondent_id")
    if text("township_code"):
        body["township_code"] = text("township_code")
    amount = text("amount_claimed")
    if amount:
        try:
            body["amount_claimed"] = float(amount)
        except ValueError:
            body["amount_claimed"] = amount  # the schema names it
    for part in ("complainant", "respondent"):
        body[part] = {k: v for k, v in body[part].items() if v != ""}
    return {k: v for k, v in body.items() if v != ""}


def checked(form, schema: BodySchema) -> None:
    problems = schema.errors(form)
    if problems:
        raise InvalidField("请按提示修改后再提交", problems)


def _intake(user, values=None, error=None, created=None, status=200):
    drafts = intake_sources.open_drafts(rights().uow(), user) if user.role == "rights_staff" else []
    return render_page("rights/intake.html", status=status, values=values or {}, error=error,
                       errors=form_errors(error), created=created, drafts=drafts,
                       labels=FIELD_LABELS, shown=tuple(FIELD_LABELS), **LABELS)


@bp.get("/intake")
@require_roles(*INTAKE_ROLES)
def intake():
    """投诉登记页面(热线、来访、乡镇转来);登记后显示受理编号。"""
    user = current_user()
    created = None
    if request.args.get("created"):
        created = use_cases.get_case(rights().uow(), request.args["created"], user)
    # a township passes complaints on; the center mostly answers the hotline
    channel = {"rights_staff": "hotline", "county_admin": "walk_in"}.get(user.role, "township")
    values = {"channel": channel, "township_code": (user.region_code or "")[:9] or None}
    draft_id = request.args.get("draft")
    if draft_id:
        draft = next((d for d in intake_sources.open_drafts(rights().uow(), user)
                      if d["_id"] == draft_id), None)
        if draft:
            values.update(draft_id=draft_id, category="wage_arrears", respondent_type="employer",
                          respondent_name=draft["employer_name"],
                          township_code=draft["township_code"])
    return _intake(user, values, created=created)


@bp.post("/intake")
@require_roles(*INTAKE_ROLES)
def intake_submit():
    """投诉登记提交:成功转到受理编号,否则在原表单逐项提示。"""
    user = current_user()
    body = complaint_from_form(request.form)
    try:
        checked(body, STAFF_FORM)
        case = use_cases.take_complaint(rights().uow(), body, user, g.request_id)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return _intake(user, dict(request.form), error, status=status)
    return redirect(f"/ui/rights/intake?created={case['_id']}", 303)


@bp.post("/drafts/<draft_id>/dismiss")
@require_roles("rights_staff")
def draft_dismiss(draft_id: str):
    """作废一条欠薪预警草稿。"""
    intake_sources.dismiss_draft(rights().uow(), draft_id, current_user())
    return redirect("/ui/rights/intake", 303)
