"""Output bases (输出基地: establish with its agreement, end with the reason, quota use) and
recruitment orders (用工订单: create, the order's page with its progress and workflow). Each form
posts to its own page, is checked with the API's JSON Schema and runs the API's use case;
a refusal shows the form again with each reason next to its field (post/redirect/get)."""
from datetime import date

from flask import g, redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError
from services.common.errors import ApiError
from services.common.ui import error_of, form_values, render_page
from services.common.validation import BodySchema, code_arg, int_arg

from ..domain.base import BASE_SCHEMA, END_SCHEMA
from ..domain.common import parse_date
from ..domain.order import ORDER_SCHEMA, PROGRESS_SCHEMA
from ..domain.posting import ACTION_SCHEMA
from ..domain.roles import KEEPERS, MATCHERS, READERS, REVIEWERS
from ..service_layer import employers as employers_uc
from ..service_layer import orders as orders_uc
from .common import LABELS, bp, jobs, numbers, township_names

BASE_FORM, END_FORM = BodySchema(BASE_SCHEMA), BodySchema(END_SCHEMA)
ORDER_FORM, PROGRESS_FORM, CLOSE_FORM = BodySchema(ORDER_SCHEMA), BodySchema(PROGRESS_SCHEMA), BodySchema(ACTION_SCHEMA)
BASE_FIELDS = ["employer_id", "name", "agreement_from", "agreement_until", "quota", "station_id",
               "township_code", "notes"]
POSITION_ROWS = 3  # position rows on the order form (no script needed to add one)
ORDER_FIELDS = ["employer_id", "base_id", "required_training", "departure_date", "notes"]
POSITION_FIELDS = [f"position_{part}_{i}" for i in range(1, POSITION_ROWS + 1) for part in ("title", "headcount")]


def _page() -> int:
    return int_arg("page", 1, 100000, default=1)


# ---- output bases ------------------------------------------------------------------------
@bp.get("/bases")
@require_roles(*READERS)
def bases_page(error=None, values=None, status=200, ending=None):
    """劳务输出基地:协议期限、人数与使用、联络站与状态;县劳务办建立与终止。"""
    user, uow = current_user(), jobs().uow()
    state = code_arg("status", choices=tuple(LABELS["BASE_STATES"]))
    page = _page()
    items, total = employers_uc.list_bases(uow, user, {"status": state} if state else {}, page, 20)
    stations = employers_uc.list_stations(uow, user)
    can_manage = user.role in REVIEWERS
    return render_page("jobs/bases.html", "results", items=items, total=total, page=page, state=state,
                       station_names={s["_id"]: s["name"] for s in stations},
                       stations=[(s["_id"], s["name"]) for s in stations],
                       employers=employers_uc.employer_choices(uow, user) if can_manage else [],
                       townships=list(township_names().items()) if can_manage else [],
                       can_manage=can_manage, error=error, values=values or {}, ending=ending,
                       created=request.args.get("created"), ended=request.args.get("ended"),
                       today=date.today().isoformat(), page_url=f"/ui/jobs/bases?status={state or ''}&",
                       status=status, **LABELS)


@bp.post("/bases")
@require_roles(*REVIEWERS)
def bases_establish():
    """建立输出基地(表单提交)。"""
    values = form_values(BASE_FIELDS)
    try:
        base = employers_uc.establish_base(jobs().uow(), BASE_FORM.parse(numbers(values, ("quota",))),
                                           current_user(), g.request_id)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return bases_page(error=error, values=values, status=status)
    return redirect(f"/ui/jobs/bases?created={base['_id']}", 303)


@bp.post("/bases/<base_id>/end")
@require_roles(*REVIEWERS)
def bases_end(base_id):
    """终止输出基地协议(须说明原因)。"""
    body = form_values(["reason", "on"])
    try:
        END_FORM.parse(body)
        on = parse_date(body["on"], "on") if body.get("on") else None
        employers_uc.end_output_base(jobs().uow(), base_id, body["reason"], on, current_user(),
                                     g.request_id)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        if status == 404:
            raise
        return bases_page(error=error, values=body, status=status, ending=base_id)
    return redirect(f"/ui/jobs/bases?ended={base_id}", 303)


# ---- recruitment orders ------------------------------------------------------------------
def _order_choices(uow, user) -> dict:
    bases, _ = employers_uc.list_bases(uow, user, {"status": "established"}, 1, 100)
    return {"employers": employers_uc.employer_choices(uow, user),
            "bases": [(b["_id"], f"{b['name']}({b['employer_name']})") for b in bases]}


@bp.get("/orders")
@require_roles(*READERS)
def orders_page(error=None, values=None, status=200):
    """用工订单:岗位、人数、培训要求、出发日期与招收、培训、安置进度;县劳务办登记订单。"""
    user, uow = current_user(), jobs().uow()
    state = code_arg("status", choices=tuple(LABELS["ORDER_STATES"]))
    page = _page()
    items, total = orders_uc.list_orders(uow, user, {"status": state} if state else {}, page, 20)
    can_create = user.role in REVIEWERS
    return render_page("jobs/orders.html", "results", items=items, total=total, page=page, state=state,
                       can_create=can_create, error=error, values=values or {}, status=status,
                       rows=range(1, POSITION_ROWS + 1), today=date.today().isoformat(),
                       page_url=f"/ui/jobs/orders?status={state or ''}&",
                       **(_order_choices(uow, user) if can_create else {}), **LABELS)


def order_form_body(values: dict) -> dict:
    """The order form as the API's body: the filled position rows as `positions`."""
    body = {k: v for k, v in values.items() if k in ORDER_FIELDS}
    positions = []
    for i in range(1, POSITION_ROWS + 1):
        title, count = values.get(f"position_title_{i}"), values.get(f"position_headcount_{i}")
        if title or count:
            positions.append(numbers({"title": title or "", "headcount": count or ""}, ("headcount",)))
    body["positions"] = positions
    return body


def position_errors(fields: dict) -> dict:
    """`positions.0.title` -> the form's `position_title_1`; a missing list -> the first row."""
    out = {}
    for name, why in fields.items():
        parts = name.split(".")
        if parts[0] == "positions" and len(parts) == 3 and parts[1].isdigit():
            out[f"position_{parts[2]}_{int(parts[1]) + 1}"] = why
        elif name == "positions":
            out["position_title_1"] = "至少填写一个岗位及人数"
        else:
            out[name] = why
    return out


@bp.post("/orders")
@require_roles(*REVIEWERS)
def orders_create():
    """登记用工订单(表单提交)。"""
    values = form_values(ORDER_FIELDS + POSITION_FIELDS)
    try:
        order = orders_uc.create_order(jobs().uow(), ORDER_FORM.parse(order_form_body(values)), current_user(),
                                       g.request_id)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        return orders_page(error=dict(error, fields=position_errors(error["fields"])), values=values,
                           status=status)
    return redirect(f"/ui/jobs/orders/{order['_id']}?created=1", 303)


@bp.get("/orders/<order_id>")
@require_roles(*READERS)
def order_page(order_id, error=None, values=None, status=200):
    """一个用工订单:招收、培训、安置进度与办理记录,登记进度、关闭订单。"""
    user = current_user()
    order = orders_uc.get_order(jobs().uow(), order_id, user)
    live = order["status"] in ("open", "recruiting")
    return render_page("jobs/order.html", o=order, error=error, values=values or {}, status=status,
                       can_progress=live and user.role in KEEPERS,
                       can_close=order["status"] != "closed" and user.role in REVIEWERS,
                       can_apply=live and user.role in MATCHERS, can_list=user.role in MATCHERS,
                       created=request.args.get("created"), done=request.args.get("done"),
                       **LABELS)


@bp.post("/orders/<order_id>/progress")
@require_roles(*KEEPERS)
def order_progress(order_id):
    """登记订单的招收与培训人数(表单提交)。"""
    values = form_values(["recruited", "trained"])
    try:
        body = PROGRESS_FORM.parse(numbers(values, ("recruited", "trained")))
        orders_uc.record_progress(jobs().uow(), order_id, body["recruited"], body["trained"], current_user())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        if status == 404:
            raise
        return order_page(order_id, error=error, values=values, status=status)
    return redirect(f"/ui/jobs/orders/{order_id}?done=progress", 303)


@bp.post("/orders/<order_id>/close")
@require_roles(*REVIEWERS)
def order_close(order_id):
    """关闭订单(须说明原因,表单提交)。"""
    values = form_values(["reason"])
    try:
        body = CLOSE_FORM.parse(values)
        orders_uc.close_order(jobs().uow(), order_id, body.get("reason") or "", current_user())
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        if status == 404:
            raise
        return order_page(order_id, error=error, values=values, status=status)
    return redirect(f"/ui/jobs/orders/{order_id}?done=close", 303)
