"""Licensing's pages under /ui/licensing/, framed by the gateway's shell: the labor office's
application queue, agency page with score history, inspection form, ad review queue, the
enforcement cases of police and commerce, and the public verification page (no login, phone
sized, with a one-tap report form). Server-rendered; forms post here and redirect back."""
from datetime import datetime, timedelta, timezone

from flask import Blueprint, redirect, render_template, request, url_for

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError, NotFound
from services.common.domain.roles import ROLES
from services.common.errors import ApiError, status_of

from ..api.ads import verify_url
from ..api.views import lic
from ..domain import ad as ad_rules
from ..domain import agency as agency_rules
from ..domain import enforcement as enf_rules
from ..domain import inspection as insp_rules
from ..domain import random_draw
from ..domain import scoring as score_rules
from ..domain.verification import PUBLIC_STATUSES
from ..service_layer import ads, agencies, enforcement, inspections, scoring
from . import forms

bp = Blueprint("licensing_ui", __name__, url_prefix="/ui/licensing",
               template_folder="templates", static_folder="static")
CHINA = timezone(timedelta(hours=8))
LABELS = {"STATUSES": agency_rules.STATUSES, "ACTIONS": agency_rules.ACTIONS,
          "CHANGE_KINDS": agency_rules.CHANGE_KINDS, "SOURCES": score_rules.SOURCES,
          "BANDS": score_rules.BANDS, "PROPOSALS": score_rules.PROPOSAL_STATUSES,
          "KINDS": insp_rules.KINDS, "CHECKLIST": insp_rules.CHECKLIST, "RESULTS": insp_rules.RESULTS,
          "MEDIA": ad_rules.MEDIA, "AD_STATUSES": ad_rules.STATUSES, "SUBMITTERS": ad_rules.SUBMITTERS,
          "CASE_STATUSES": enf_rules.STATUSES, "CASE_ACTIONS": enf_rules.ACTIONS,
          "CASE_RESULTS": enf_rules.RESULTS, "CHANNELS": enf_rules.CHANNELS,
          "PUBLIC_STATUSES": PUBLIC_STATUSES, "ROLES": ROLES,
          "DEPARTMENTS": {"labor": "劳动部门", "police": "公安局", "commerce": "工商局"}}


@bp.app_template_filter("lic_time")
def lic_time(value) -> str:
    """An instant as China's local date and time (the API keeps UTC)."""
    if isinstance(value, datetime):
        value = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    return value or ""


def render(template: str, http_status: int = 200, **context):
    return render_template(template, user=current_user(optional=True), **LABELS, **context), http_status


def _error(e):
    if isinstance(e, ApiError):
        status, error = e.status, {"message": e.message, "fields": e.fields}
    else:
        status, error = status_of(e), {"message": e.message, "fields": e.fields}
    if status == 401:
        return redirect("/login", 303)
    return render("licensing/error.html", status, error=dict(error, fields=forms.label_fields(error["fields"])))


bp.register_error_handler(ApiError, _error)
bp.register_error_handler(DomainError, _error)


def back(default: str):
    """After a form: back where it came from (this service's pages only)."""
    target = request.form.get("next") or default
    return redirect(target if target.startswith("/ui/licensing/") else default, 303)


# ---- public ----------------------------------------------------------------------------
@bp.get("/verify")
def verify():
    """公开核验页:查中介是否持证、查广告备案号,一键举报非法中介。"""
    q, ad_number = request.args.get("q", "").strip(), request.args.get("ad", "").strip()
    result, ad, ad_missing, error = None, None, False, None
    if q:
        try:
            result = agencies.verify_public(lic().uow(), q)
        except DomainError as e:
            error = e.message
    if ad_number:
        try:
            ad = ads.lookup(lic().uow(), ad_number)
        except NotFound:
            ad_missing = True
    return render("licensing/verify.html", q=q, result=result, ad=ad, ad_number=ad_number,
                  ad_missing=ad_missing, error=error, draws=inspections.published_draws(lic().uow(), 5),
                  reported=request.args.get("reported"))


@bp.post("/verify/report")
def report():
    """一键举报(可匿名)。"""
    body = {"suspect_name": forms.text("suspect_name"), "place": forms.text("place"),
            "details": forms.text("details"), "channel": "verify_page",
            "ad_filing_number": forms.text("ad_filing_number") or None}
    if forms.text("reporter_phone"):
        body.update(anonymous=False, reporter_name=forms.text("reporter_name"),
                    reporter_phone=forms.text("reporter_phone"))
    else:
        body["anonymous"] = True
    tip = enforcement.submit_tip(lic().uow(), forms.checked(enf_rules.TIP_SCHEMA, body),
                                 current_user(optional=True))
    return redirect(url_for(".verify", reported=tip["_id"][:8]), 303)


# ---- labor office: applications and agencies ----------------------------------------------
@bp.get("/applications")
@require_roles(*agency_rules.LICENSERS)
def applications():
    """许可申请受理队列。"""
    items, total = agencies.list_agencies(lic().uow(), current_user(), ["applied", "under_review"], 1, 100)
    return render("licensing/applications.html", items=items, total=total)


@bp.route("/applications/new", methods=["GET", "POST"])
@require_roles(*agency_rules.LICENSERS)
def application_new():
    """登记许可申请。"""
    if request.method == "GET":
        return render("licensing/application_new.html", form={}, error=None)
    try:
        body = forms.checked(agency_rules.APPLICATION_SCHEMA, forms.application_body())
        agency = agencies.apply(lic().uow(), body, current_user())
    except (ApiError, DomainError) as e:
        return render("licensing/application_new.html", 400 if isinstance(e, ApiError) else status_of(e),
                      form=request.form, error={"message": e.message, "fields": forms.label_fields(e.fields)})
    return redirect(url_for(".agency_page", agency_id=agency["_id"]), 303)


@bp.post("/agencies/<agency_id>/decide")
@require_roles(*agency_rules.LICENSERS)
def decide(agency_id: str):
    action = forms.text("action")
    if action not in agency_rules.ACTIONS.codes or action == "expire":
        raise ApiError(400, "validation_failed", "未知的操作", {"action": "不是可选的取值"})
    agencies.decide(lic().uow(), agency_id, action, current_user(), forms.text("reason") or None)
    return back(url_for(".agency_page", agency_id=agency_id))


@bp.get("/agencies")
@require_roles(*agency_rules.READERS)
def agency_list():
    """中介机构名录和年度排名。"""
    status = request.args.get("status") or None
    if status and status not in agency_rules.STATUSES:
        status = None
    items, total = agencies.list_agencies(lic().uow(), current_user(), [status] if status else None, 1, 100)
    year = datetime.now(CHINA).year
    return render("licensing/agencies.html", items=items, total=total, status=status, year=year,
                  ranking=scoring.ranking(lic().uow(), year, current_user()))


@bp.get("/agencies/<agency_id>")
@require_roles(*agency_rules.READERS)
def agency_page(agency_id: str):
    """中介机构页:许可证、营业执照、得分与扣分记录、处理建议、检查记录。"""
    user = current_user()
    agency = agency_rules.agency_view(agencies.get(lic().uow(), agency_id, user), user)
    return render("licensing/agency.html", a=agency,
                  actions=[x for x in agency_rules.LICENSE.actions_from(agency["status"]) if x != "expire"],
                  inspections=inspections.of_agency(lic().uow(), agency_id, user),
                  rules=[r for r in scoring.list_rules(lic().uow(), user) if r.get("active", True)])


@bp.post("/agencies/<agency_id>/business-license")
@require_roles(*agency_rules.COMMERCE)
def business_license(agency_id: str):
    body = forms.checked(agency_rules.BUSINESS_LICENSE_SCHEMA,
                         {"number": forms.text("number").upper(), "registered_on": forms.text("registered_on")})
    agencies.record_business_license(lic().uow(), agency_id, body, current_user())
    return back(url_for(".agency_page", agency_id=agency_id))


@bp.post("/agencies/<agency_id>/deductions")
@require_roles(*score_rules.RULE_EDITORS)
def deduct(agency_id: str):
    body = forms.checked(score_rules.DEDUCTION_SCHEMA,
                         {"rule_code": forms.text("rule_code"), "note": forms.text("note"),
                          "source": forms.text("source") or "manual"})
    scoring.deduct(lic().uow(), agency_id, body, current_user())
    return back(url_for(".agency_page", agency_id=agency_id))


@bp.post("/agencies/<agency_id>/proposals/<proposal_id>")
@require_roles(*score_rules.RULE_EDITORS)
def proposal(agency_id: str, proposal_id: str):
    reason = forms.text("reason")
    if len(reason) < 2:
        raise ApiError(400, "validation_failed", "请填写意见", {"reason": "须填写 2-500 字的意见"})
    scoring.decide_proposal(lic().uow(), agency_id, proposal_id, forms.text("decision") == "confirm",
                            reason, current_user())
    return back(url_for(".agency_page", agency_id=agency_id))


@bp.route("/agencies/<agency_id>/inspect", methods=["GET", "POST"])
@require_roles(*insp_rules.INSPECTORS)
def inspect(agency_id: str):
    """监督检查录入表。"""
    user = current_user()
    agency = agencies.get(lic().uow(), agency_id, user)
    rules = [r for r in scoring.list_rules(lic().uow(), user) if r.get("active", True)]
    if request.method == "GET":
        return render("licensing/inspect.html", a=agency, rules=rules, form={}, error=None,
                      today=datetime.now(CHINA).date().isoformat())
    body = {"kind": forms.text("kind"), "inspected_on": forms.text("inspected_on"),
            "inspectors": forms.items("inspectors"), "findings": forms.text("findings"),
            "deductions": request.form.getlist("deductions"),
            "follow_up_due": forms.text("follow_up_due"), "draw_id": forms.text("draw_id"),
            "checklist": {c: {"result": forms.text(f"check_{c}") or "pass", "note": forms.text(f"note_{c}")}
                          for c in insp_rules.CHECKLIST.codes}}
    try:
        inspections.record(lic().uow(), agency_id, forms.checked(insp_rules.INSPECTION_SCHEMA, body), user)
    except (ApiError, DomainError) as e:
        return render("licensing/inspect.html", 400 if isinstance(e, ApiError) else status_of(e), a=agency,
                      rules=rules, form=request.form, today=forms.text("inspected_on"),
                      error={"message": e.message, "fields": forms.label_fields(e.fields)})
    return redirect(url_for(".agency_page", agency_id=agency_id), 303)


@bp.get("/rules")
@require_roles(*score_rules.RULE_READERS)
def rules_page():
    """百分制扣分规则表(县劳务办可修改)。"""
    return render("licensing/rules.html", rules=scoring.list_rules(lic().uow(), current_user()))


@bp.post("/rules/<code>")
@require_roles(*score_rules.RULE_EDITORS)
def rule_edit(code: str):
    try:
        points = int(forms.text("points"))
    except ValueError:
        raise ApiError(400, "validation_failed", "分值无效", {"points": "须为 1-100 的整数"})
    body = forms.checked(score_rules.RULE_SCHEMA, {"title": forms.text("title"), "points": points,
                                                   "clause": forms.text("clause"),
                                                   "active": forms.text("active") == "on"})
    scoring.put_rule(lic().uow(), code, body, current_user())
    return redirect(url_for(".rules_page"), 303)


@bp.post("/draws")
@require_roles(*random_draw.DRAWERS)
def draw():
    """双随机抽取:记录种子,结果在公开核验页公示。"""
    try:
        numbers = {k: int(forms.text(k)) for k in ("agencies", "inspectors")}
        seed = int(forms.text("seed")) if forms.text("seed") else None
    except ValueError:
        raise ApiError(400, "validation_failed", "请填写整数", {"agencies": "须为整数"})
    body = dict(numbers, inspector_pool=forms.items("inspector_pool"))
    if seed is not None:
        body["seed"] = seed
    inspections.draw(lic().uow(), forms.checked(random_draw.DRAW_SCHEMA, body), current_user())
    return redirect(url_for(".verify") + "#draws", 303)


# ---- ads -----------------------------------------------------------------------------------
@bp.get("/ads")
@require_roles(*ad_rules.READERS)
def ad_queue():
    """招聘广告审核队列。"""
    status = request.args.get("status") or "submitted"
    status = status if status in ad_rules.STATUSES else "submitted"
    items, total = ads.list_ads(lic().uow(), current_user(), status, 1, 100)
    operating, _ = agencies.list_agencies(lic().uow(), current_user(), ["licensed"], 1, 100)
    return render("licensing/ads.html", items=items, total=total, status=status,
                  agencies=[a for a in operating if agency_rules.is_operating(a)], verify_url=verify_url)


@bp.post("/ads")
@require_roles(*ad_rules.CLERKS)
def ad_submit():
    body = {"submitter_type": forms.text("submitter_type"), "agency_id": forms.text("agency_id"),
            "employer_name": forms.text("employer_name"), "medium": forms.text("medium"),
            "outlet": forms.text("outlet"), "title": forms.text("title"), "content": forms.text("content")}
    if body["submitter_type"] == "agency":
        body.pop("employer_name")
    ads.submit(lic().uow(), forms.checked(ad_rules.AD_SCHEMA, body), current_user())
    return redirect(url_for(".ad_queue"), 303)


@bp.post("/ads/<ad_id>/review")
@require_roles(*ad_rules.CLERKS)
def ad_review(ad_id: str):
    body = forms.checked(ad_rules.REVIEW_SCHEMA, {"decision": forms.text("decision"),
                                                  "reason": forms.text("reason")})
    ads.review(lic().uow(), ad_id, body, current_user())
    return redirect(url_for(".ad_queue"), 303)


# ---- enforcement ---------------------------------------------------------------------------
@bp.get("/enforcement")
@require_roles(*enf_rules.OFFICERS)
def cases():
    """查处案件(本部门参与的)和举报线索(县劳务办)。"""
    user = current_user()
    items, total = enforcement.list_cases(lic().uow(), user, None, 1, 100)
    tips = enforcement.list_tips(lic().uow(), user, 1, 50)[0] if user.role == "county_admin" else []
    return render("licensing/cases.html", items=items, total=total,
                  tips=[enf_rules.tip_view(t, user) for t in tips])


@bp.post("/enforcement")
@require_roles(*enf_rules.OFFICERS)
def case_open():
    body = {"suspect_name": forms.text("suspect_name"), "place": forms.text("place"),
            "suspect_phones": forms.items("suspect_phones"), "tip_ids": request.form.getlist("tip_ids"),
            "departments": request.form.getlist("departments")}
    case = enforcement.open_case(lic().uow(), forms.checked(enf_rules.CASE_SCHEMA, body), current_user())
    return redirect(url_for(".case_page", case_id=case["_id"]), 303)


@bp.get("/enforcement/<case_id>")
@require_roles(*enf_rules.OFFICERS)
def case_page(case_id: str):
    """查处案件页:嫌疑对象、线索、各部门行动、结案。"""
    user = current_user()
    case = enforcement.get_case(lic().uow(), case_id, user)
    case["tips"] = [enf_rules.tip_view(t, user) for t in case["tips"] if t]
    allowed = [k for k, depts in enf_rules.ACTION_DEPARTMENTS.items() if user.department in depts]
    return render("licensing/case.html", c=case, allowed=allowed)


@bp.post("/enforcement/<case_id>/<what>")
@require_roles(*enf_rules.OFFICERS)
def case_update(case_id: str, what: str):
    user, uow = current_user(), lic().uow()
    if what == "actions":
        amount = forms.text("amount")
        try:
            amount = float(amount) if amount else None
        except ValueError:
            raise ApiError(400, "validation_failed", "金额无效", {"amount": "须为数字"})
        body = {"kind": forms.text("kind"), "note": forms.text("note"), "amount": amount,
                "evidence": forms.lines("evidence")}
        enforcement.add_action(uow, case_id, forms.checked(enf_rules.ACTION_SCHEMA, body), user)
    elif what == "departments":
        body = forms.checked(enf_rules.JOIN_SCHEMA, {"department": forms.text("department")})
        enforcement.join(uow, case_id, body["department"], user)
    elif what == "close":
        body = forms.checked(enf_rules.CLOSE_SCHEMA, {"result": forms.text("result"), "note": forms.text("note")})
        enforcement.close(uow, case_id, body, user)
    else:
        raise ApiError(404, "not_found", "未找到")
    return redirect(url_for(".case_page", case_id=case_id), 303)
