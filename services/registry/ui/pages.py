"""The register's pages (人员登记, 人员列表), rendered here from the same use cases, schema and
scope queries as the API (api/persons.py), so a page shows exactly what the API would.
Reached through the gateway under /ui/registry/, which supplies the user's token and the CSRF
token; framed by its shell."""
import uuid
from urllib.parse import urlencode

from flask import current_app, g, redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError, InvalidField
from services.common.errors import ApiError
from services.common.ui import error_of, form_values, page_blueprint, render_page
from services.common.validation import BodySchema, int_arg

from ..api.persons import origin
from ..domain.choices import EDUCATION, HEALTH, MARITAL, SEX, STATUSES
from ..domain.id_number import InvalidIdNumber, parse_id_number
from ..domain.person import PERSON_SCHEMA, READERS, WRITERS
from ..domain.privacy import person_view
from ..domain.search import parse_criteria
from ..service_layer import persons as use_cases
from .regions import RegionChoices

bp = page_blueprint("registry_ui", __name__, "registry")

FORM_FIELDS = ("name", "id_number", "phone", "township_code", "village_code", "education",
               "health", "marital_status", "skills", "job_intention", "training_intention")
FIELD_LABELS = {"name": "姓名", "id_number": "身份证号", "phone": "手机号", "township_code": "乡镇",
                "village_code": "村", "education": "文化程度", "health": "健康状况",
                "marital_status": "婚姻状况", "skills": "技能特长", "job_intention": "务工意向",
                "training_intention": "培训意向"}
PERSON_FORM = BodySchema(PERSON_SCHEMA)
PAGE_SIZE = 20
FILTERS = ("name", "township_code", "village_code", "status", "sort")
# the list's orders (domain/search.SORTS); the ledger's order is the default and the fastest
SORT_CHOICES = [("village_code", "台帐顺序(按村)"), ("-created_at", "最新登记在前"),
                ("-updated_at", "最近修改在前"), ("name", "姓名"), ("birth_date", "出生日期")]
CHOOSE = {"township_code": "请选择乡镇", "village_code": "请选择村"}
LABELS = {"STATUSES": STATUSES, "EDUCATION": EDUCATION, "HEALTH": HEALTH, "MARITAL": MARITAL,
          "SEX": SEX}


def _registry():
    return current_app.extensions["registry"]


def _regions(user) -> RegionChoices:
    return RegionChoices(_registry().regions.get(), user)


# ---- 人员登记 --------------------------------------------------------------------------------

def _form(user, values=None, error=None, created=None, status=200):
    values = values or {}
    regions = _regions(user)
    town = values.get("township_code") or regions.only_township()
    return render_page("registry/person_new.html", status=status, values=values, error=error,
                       errors=(error or {}).get("fields", {}), created=created, regions=regions,
                       township=town, labels=FIELD_LABELS, shown=FORM_FIELDS,
                       idempotency_key=uuid.uuid4().hex, **LABELS)


@bp.get("/persons/new")
@require_roles(*WRITERS)
def person_new():
    """人员登记页面(登记成功后显示刚登记的人员)。"""
    user = current_user()
    created = None
    if request.args.get("created"):
        person = use_cases.get_person(_registry().uow(), request.args["created"], user, origin())
        created = person_view(person, user)
    # after a success the next person is usually from the same village: keep it chosen
    keep = {k: created[k] for k in ("township_code", "village_code")} if created else {}
    return _form(user, keep, created=created)


@bp.post("/persons/new")
@require_roles(*WRITERS)
def person_register():
    """人员登记表单提交:成功则转到登记结果,否则在原表单上逐项提示。"""
    user = current_user()
    body = form_values(FORM_FIELDS, lists=("skills",), upper=("id_number",))
    key = (request.form.get("idempotency_key") or "")[:64] or None
    try:
        problems = PERSON_FORM.errors(body)
        for name, what in CHOOSE.items():  # an unchosen select: say so, not "field missing"
            if name in problems and not body.get(name):
                problems[name] = what
        if problems:
            raise InvalidField("请按提示修改后再提交", problems)
        r = _registry()
        person = use_cases.register_person(r.uow(), r.regions.get(), body, user, g.request_id,
                                           idempotency_key=key, ages=r.labor_ages)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        values = dict(body, skills="、".join(body.get("skills", [])))
        return _form(user, values, error, status=status)
    # post/redirect/get: reloading the result page does not register twice
    return redirect(f"/ui/registry/persons/new?created={person['_id']}", 303)


@bp.get("/persons/id-number")
@require_roles(*WRITERS)
def id_number_check():
    """身份证号即时校验(htmx 片段):得出性别和出生日期,或说明错在哪里。"""
    raw = (request.args.get("id_number") or "").strip().upper()
    derived, problem = None, None
    if len(raw) >= 15:  # before that the clerk is still typing
        try:
            parsed = parse_id_number(raw, use_cases.today())
            derived = {"sex": SEX.label(parsed.sex), "birth_date": parsed.birth_date.isoformat()}
        except InvalidIdNumber as e:
            problem = str(e)
    return render_page("registry/_id_number.html", derived=derived, problem=problem)


@bp.get("/persons/villages")
@require_roles(*WRITERS)
def village_options():
    """所选乡镇的村(htmx 片段,换乡镇时刷新村的选项)。"""
    regions = _regions(current_user())
    town = request.args.get("township_code") or ""
    return render_page("registry/_village_options.html", regions=regions, township=town,
                       value=None)


# ---- 人员列表 --------------------------------------------------------------------------------

@bp.get("/persons")
@require_roles(*READERS)
def person_list():
    """人员列表:按姓名、乡镇、村、状态筛选,分页;htmx 请求只返回结果部分。"""
    user = current_user()
    args = {k: request.args[k].strip() for k in FILTERS if (request.args.get(k) or "").strip()}
    page = int_arg("page", 1, 100000, default=1)
    error, items, total = None, [], 0
    try:
        criteria = parse_criteria(args, use_cases.today())
        found, total = use_cases.list_persons(_registry().uow(), user, criteria, page,
                                              PAGE_SIZE, origin())
        items = [person_view(p, user) for p in found]
    except InvalidField as e:
        error = error_of(e)[1]
    query = urlencode(args)
    return render_page("registry/person_list.html", fragment="results",
                       status=400 if error else 200, items=items, total=total, page=page,
                       page_size=PAGE_SIZE, filters=args, error=error,
                       errors=(error or {}).get("fields", {}), regions=_regions(user),
                       page_url="/ui/registry/persons?" + (query + "&" if query else ""),
                       sorts=SORT_CHOICES, **LABELS)

