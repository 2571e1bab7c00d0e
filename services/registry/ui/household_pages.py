"""Pages for households (户与成员) and the Spring Festival re-check (春节返乡核查): the household
list and a household with its members (masked per the personal-data policy); a township opens a
campaign; the campaign page shows progress per village and the households to confirm; a
village liaison (or the township) confirms a household's members in one form. The same use
cases and JSON Schemas as api/households.py."""
from flask import current_app, g, redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError
from services.common.errors import ApiError
from services.common.ui import error_of, form_values, render_page
from services.common.validation import BodySchema

from ..domain.choices import DESTINATIONS, ORGANIZATION, STATUSES
from ..domain.households import CAMPAIGN_SCHEMA, CONFIRM_SCHEMA, HOUSEHOLD_SCHEMA
from ..domain.person import READERS, WRITERS
from ..domain.privacy import person_view
from ..service_layer import households as use_cases
from .pages import bp
from .regions import RegionChoices

FORMS = {"household": BodySchema(HOUSEHOLD_SCHEMA), "campaign": BodySchema(CAMPAIGN_SCHEMA),
         "confirm": BodySchema(CONFIRM_SCHEMA)}
MEMBER_FIELDS = ("status", "employer", "city", "destination", "organization", "monthly_income", "income")
MEMBER_INTS = ("version", "monthly_income")
CAMPAIGN_STATUS = {"open": "进行中", "closed": "已结束"}


def _registry():
    return current_app.extensions["registry"]


def _number(value: str):
    """A typed amount as the API's JSON number; anything else stays text for the schema to refuse."""
    if value.isascii() and value.isdigit():
        return int(value)
    try:
        return float(value) if value.isascii() else value
    except ValueError:
        return value


def _check(form: str, body: dict) -> None:
    problems = FORMS[form].errors(body)
    if problems:
        raise ApiError(400, "validation_failed", "请按提示修改后再提交", problems)


# ---- 户与成员 --------------------------------------------------------------------------------

def _households_page(values=None, error=None, status=200):
    user = current_user()
    regions = RegionChoices(_registry().regions.get(), user)
    village = (request.args.get("village") or "").strip()[:12] or None
    rows = use_cases.list_households(_registry().uow(), user, village)
    return render_page("registry/households.html", status=status, rows=rows, regions=regions,
                       village=village, values=values or {}, error=error,
                       errors=(error or {}).get("fields", {}), writer=user.role in WRITERS,
                       created=request.args.get("created"))


@bp.get("/households")
@require_roles(*READERS)
def households_page():
    """户与成员:本辖区的户(户号、村、组、成员数),登记人员可新登记一户。"""
    return _households_page()


@bp.post("/households")
@require_roles(*WRITERS)
def household_add():
    """登记一户:成功后回到列表并标出新户。"""
    body = form_values(("number", "village_code", "group_name"))
    try:
        _check("household", body)
        r = _registry()
        h = use_cases.add_household(r.uow(), r.regions.get(), body, current_user())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        if status in (401, 403):
            raise
        return _households_page(body, error, status)
    return redirect(f"/ui/registry/households?created={h['_id']}", 303)


@bp.get("/households/<household_id>")
@require_roles(*READERS)
def household_page(household_id: str):
    """一户及其成员(身份证号、手机号按权限显示)。"""
    user = current_user()
    h, members = use_cases.household_members(_registry().uow(), household_id[:64], user)
    return render_page("registry/household.html", h=h, members=[person_view(p, user) for p in members],
                       regions=RegionChoices(_registry().regions.get(), user), STATUSES=STATUSES)


# ---- 春节返乡核查 -----------------------------------------------------------------------------

def _campaigns_page(values=None, error=None, status=200):
    user = current_user()
    rows = use_cases.list_campaigns(_registry().uow(), user)
    return render_page("registry/campaigns.html", status=status, rows=rows, values=values or {},
                       error=error, errors=(error or {}).get("fields", {}),
                       opener=user.role == "township_staff", regions=RegionChoices(_registry().regions.get(), user),
                       CAMPAIGN_STATUS=CAMPAIGN_STATUS)


@bp.get("/campaigns")
@require_roles(*READERS)
def campaigns_page():
    """春节返乡核查:各次核查;乡镇服务站可发起新的核查。"""
    return _campaigns_page()


@bp.post("/campaigns")
@require_roles("township_staff")
def campaign_open():
    """乡镇发起一次春节返乡核查。"""
    body = form_values(("name", "year"))
    if (body.get("year") or "").isdigit():
        body["year"] = int(body["year"])
    try:
        _check("campaign", body)
        c = use_cases.open_campaign(_registry().uow(), body, current_user())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        if status in (401, 403):
            raise
        return _campaigns_page(body, error, status)
    return redirect(f"/ui/registry/campaigns/{c['_id']}", 303)


@bp.get("/campaigns/<campaign_id>")
@require_roles(*READERS)
def campaign_page(campaign_id: str):
    """核查进度:各村已核实户数 / 总户数;本辖区登记人员可逐户核实。"""
    user = current_user()
    r = _registry()
    campaign_id = campaign_id[:64]
    progress = use_cases.campaign_progress(r.uow(), campaign_id, user, r.regions.get())
    households = []
    if user.role in WRITERS:
        _, households = use_cases.campaign_households(r.uow(), campaign_id, user)
    return render_page("registry/campaign.html", c=progress, households=households,
                       writer=user.role in WRITERS, regions=RegionChoices(r.regions.get(), user),
                       CAMPAIGN_STATUS=CAMPAIGN_STATUS, done=request.args.get("done"))


def _confirm_page(campaign_id, household_id, values=None, error=None, status=200):
    user = current_user()
    r = _registry()
    c = use_cases.campaign_of(r.uow(), campaign_id)
    h, members = use_cases.household_members(r.uow(), household_id, user)
    errors, banner = _member_errors(error, len(members))
    return render_page("registry/campaign_confirm.html", status=status, c=c, h=h,
                       members=[person_view(p, user) for p in members], values=values or {},
                       error=error, errors=errors, banner=banner,
                       regions=RegionChoices(r.regions.get(), user), STATUSES=STATUSES,
                       DESTINATIONS=DESTINATIONS, ORGANIZATION=ORGANIZATION)


def _member_errors(error, count: int) -> tuple[dict, dict | None]:
    """Field reasons shown next to the member's own field; the rest (a member not of this
    household, a stale version, too many members) in the banner."""
    if not error:
        return {}, None
    errors, rest = {}, {}
    on_page = {f"members.{i}.{k}" for i in range(count) for k in MEMBER_FIELDS}
    for key, why in (error.get("fields") or {}).items():
        if key in on_page:
            errors[key] = why
        elif key.endswith(".income_year"):
            errors["income_year"] = why
        elif key not in ("state", "action"):  # a refused status move: the message says it
            rest[key] = why
    return errors, dict(error, fields=rest)


@bp.get("/campaigns/<campaign_id>/households/<household_id>")
@require_roles(*WRITERS)
def campaign_confirm_page(campaign_id: str, household_id: str):
    """逐户核实:一张表填全户成员的就业状态、务工单位、收入,一次提交。"""
    return _confirm_page(campaign_id[:64], household_id[:64])


def _members_body() -> dict:
    members = []
    for i in range(int(request.form.get("count") or 0) if (request.form.get("count") or "").isdigit() else 0):
        m = {}
        for key in ("person_id", "version") + MEMBER_FIELDS:
            raw = (request.form.get(f"members.{i}.{key}") or "").strip()
            if raw:
                m[key] = int(raw) if key in MEMBER_INTS and raw.isascii() and raw.isdigit() else raw
        if "income" in m:
            m["income"] = _number(m["income"])
            year = (request.form.get("income_year") or "").strip()
            if year:
                m["income_year"] = int(year) if year.isascii() and year.isdigit() else year
        members.append(m)
    return {"members": members[:31]}


@bp.post("/campaigns/<campaign_id>/households/<household_id>")
@require_roles(*WRITERS)
def campaign_confirm(campaign_id: str, household_id: str):
    """核实一户:全户成员一并保存(全部成功或全部不变),成功后回到核查进度。"""
    campaign_id, household_id = campaign_id[:64], household_id[:64]
    body = _members_body()
    try:
        _check("confirm", body)
        use_cases.confirm_household(_registry().uow(), campaign_id, household_id, body,
                                    current_user(), g.request_id)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        if status in (401, 403, 404):
            raise
        return _confirm_page(campaign_id, household_id,
                             {f"members.{i}.{k}": v for i, m in enumerate(body["members"]) for k, v in m.items()},
                             error, status)
    return redirect(f"/ui/registry/campaigns/{campaign_id}?done={household_id}", 303)
