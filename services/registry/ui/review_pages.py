"""The register's review pages: data quality (数据质量) per township and village, the read audit
of unmasked records (查阅记录), and the review of likely duplicates (疑似重复) with merge and
“not a duplicate”. Each runs the same use case as its API route (api/ledgers.py /quality,
api/audit.py, api/duplicates.py) for exactly the roles that route admits."""
from datetime import timedelta, timezone
from urllib.parse import urlencode

from flask import current_app, g, redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError, InvalidField
from services.common.domain.roles import ROLES
from services.common.errors import ApiError
from services.common.ui import error_of, render_page
from services.common.validation import int_arg

from ..api.persons import origin
from ..domain.choices import SEX, STATUSES
from ..domain.ledgers import LEDGERS
from ..domain.person import WRITERS
from ..domain.privacy import person_view
from ..service_layer import audit as audit_cases
from ..service_layer import duplicates as duplicate_cases
from ..service_layer import persons as person_cases
from ..service_layer.quality import VIEWERS, publish_quality, quality
from .pages import bp
from .regions import RegionChoices

CHINA = timezone(timedelta(hours=8))
ACTIONS = {"read": "查看档案", "list": "列表", "export": "导出台帐"}
AUDIT_PAGE = 30
DUPLICATE_PAGE = 20


def _registry():
    return current_app.extensions["registry"]


# ---- 数据质量 --------------------------------------------------------------------------------

@bp.get("/quality")
@require_roles(*VIEWERS)
def quality_page():
    """数据质量:各乡镇(选一个乡镇看其各村)的信息完整率与一年内核实率。"""
    user = current_user()
    r = _registry()
    regions = r.regions.get()
    figures = quality(r.reader(), user)
    towns = [dict(f, code=t, name=regions.townships.get(t, t)) for t, f in figures.items()]
    chosen = (request.args.get("township_code") or "").strip()[:9]
    if user.role == "township_staff":
        chosen = user.region_code or ""
    villages = [dict(v, code=c, name=regions.villages.get(c, (c,))[0])
                for c, v in (figures.get(chosen) or {}).get("villages", {}).items()]
    return render_page("registry/quality.html", towns=towns, villages=villages,
                       chosen=chosen, chosen_name=regions.townships.get(chosen, ""),
                       county=user.role != "township_staff", publisher=user.role == "county_admin",
                       published=request.args.get("published"))


@bp.post("/quality/publish")
@require_roles("county_admin")
def quality_publish():
    """发布各乡镇数据质量(供目标考评),完成后回到数据质量页。"""
    r = _registry()
    n = publish_quality(r.reader(), r.uow(), current_user())
    return redirect(f"/ui/registry/quality?published={n}", 303)


# ---- 查阅记录 --------------------------------------------------------------------------------

def _when(at) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S")


@bp.get("/audit")
@require_roles("county_admin")
def audit_page():
    """个人信息查阅记录:谁在何时、从哪里查看或导出了谁的完整档案。"""
    user = current_user()
    args = {k: request.args[k].strip() for k in ("person_id", "username", "action")
            if (request.args.get(k) or "").strip()}
    page = int_arg("page", 1, 100000, default=1)
    error, items, total = None, [], 0
    try:
        items, total = audit_cases.search_reads(_registry().uow(), user, args, page, AUDIT_PAGE)
    except InvalidField as e:
        error = error_of(e)[1]
    for e in items:
        e["when"] = _when(e["at"])
    query = urlencode(args)
    return render_page("registry/audit.html", fragment="results", status=400 if error else 200,
                       items=items, total=total, page=page, page_size=AUDIT_PAGE, filters=args,
                       error=error, errors=(error or {}).get("fields", {}), ACTIONS=ACTIONS,
                       ROLES=ROLES, LEDGERS=LEDGERS, page_url="/ui/registry/audit?" + (query + "&" if query else ""))


# ---- 疑似重复 --------------------------------------------------------------------------------

def _duplicates_page(error=None, status=200):
    user = current_user()
    page = int_arg("page", 1, 100000, default=1)
    found = duplicate_cases.list_pairs(_registry().uow(), user, page, DUPLICATE_PAGE, origin())
    pairs = [(person_view(a, user), person_view(b, user)) for a, b in found["pairs"]]
    return render_page("registry/duplicates.html", status=status, pairs=pairs, total=found["total"],
                       elsewhere=found["elsewhere"], page=page, page_size=DUPLICATE_PAGE,
                       error=error, done=request.args.get("done"),
                       regions=RegionChoices(_registry().regions.get(), user),
                       STATUSES=STATUSES, SEX=SEX)


@bp.get("/duplicates")
@require_roles(*WRITERS)
def duplicates_page():
    """疑似重复人员:同名且出生日期相同的两条记录并列,可合并或确认不是重复。"""
    return _duplicates_page()


def _version() -> int | None:
    raw = (request.form.get("version") or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) <= 2 ** 31 else None


def _review(run, done: str):
    try:
        version = _version()
        if version is None:
            raise ApiError(400, "validation_failed", "缺少记录版本,请刷新页面后重试", {"version": "必填"})
        run(version)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        if status in (401, 403):
            raise
        return _duplicates_page(error, status)
    return redirect(f"/ui/registry/duplicates?done={done}", 303)


def _form_id(name: str) -> str:
    return (request.form.get(name) or "").strip()[:64]


@bp.post("/duplicates/merge")
@require_roles(*WRITERS)
def duplicates_merge():
    """合并:保留一条(keep_id),另一条(drop_id)并入,双方变更记录保留。"""
    keep, drop = _form_id("keep_id"), _form_id("drop_id")
    return _review(lambda version: person_cases.merge_persons(
        _registry().uow(), keep, drop, current_user(), version, g.request_id), "merged")


@bp.post("/duplicates/dismiss")
@require_roles(*WRITERS)
def duplicates_dismiss():
    """不是重复:取消两人的疑似重复标记。"""
    person, other = _form_id("person_id"), _form_id("other_id")
    return _review(lambda version: duplicate_cases.dismiss_duplicate(
        _registry().uow(), person, other, current_user(), version), "dismissed")
