"""案件列表 and 案件办理: the list (scoped like the API) and one case with its actions,
referrals, legal aid and full timeline. Every action is its own form post that runs the same
use case as the API, then returns to the page it came from (post/redirect/get)."""
from urllib.parse import urlencode

from flask import g, redirect, request

from services.common.auth import current_user, require_roles
from services.common.domain.errors import DomainError, InvalidField
from services.common.errors import ApiError
from services.common.ui import error_of, render_page
from services.common.validation import BodySchema, int_arg

from ..domain.access import HANDLER_ROLE, READ_ROLES, handles_for, owns
from ..domain.case import OUTCOME_SCHEMA, case_view
from ..domain.codes import CASE_STATES, CATEGORIES
from ..domain.legal_aid import ASSIGN_SCHEMA, OUTCOME_SCHEMA as AID_OUTCOME
from ..domain.referral import REFERRAL_SCHEMA
from ..domain.workflow import CASE_ACTIONS, CASE_WORKFLOW
from ..service_layer import cases as use_cases
from ..service_layer import legal_aid, referrals
from ..service_layer.cases import today
from ..storage.cases import CaseRepository
from .common import LABELS, bp, form_errors, rights

PAGE_SIZE = 20
HANDLERS = tuple(HANDLER_ROLE.values())
SCHEMAS = {"resolve": BodySchema(OUTCOME_SCHEMA), "refer": BodySchema(REFERRAL_SCHEMA),
           "legal-aid-assign": BodySchema(ASSIGN_SCHEMA), "legal-aid-outcome": BodySchema(AID_OUTCOME)}
DONE = {"accept": "已立案", "investigate": "已开始调查", "resolve": "已办结", "close": "已结案",
        "reject": "已不予受理", "refer": "已转办", "transfer": "已移交", "consent": "已记录",
        "legal-aid": "已申请法律援助", "legal-aid-assign": "已指派", "legal-aid-outcome": "法律援助已办结",
        "merge": "已合并", "assign": "已指派经办人"}


@bp.get("/cases")
@require_roles(*READ_ROLES)
def case_list():
    """案件列表:按状态、类别、是否超期筛选,分页(htmx 只换结果部分)。"""
    user = current_user()
    args = {k: request.args[k] for k in ("state", "category", "overdue") if request.args.get(k)}
    page = int_arg("page", 1, 100000, default=1)
    filters = CaseRepository.filters(
        state=args.get("state") if args.get("state") in CASE_STATES else None,
        category=args.get("category") if args.get("category") in CATEGORIES else None,
        overdue_on=today() if args.get("overdue") == "1" else None)
    found, total = use_cases.list_cases(rights().uow(), user, filters, page, PAGE_SIZE)
    query = urlencode(args)
    return render_page("rights/cases.html", fragment="results", filters=args, total=total,
                       items=[case_view(c, user, today()) for c in found], page=page,
                       page_size=PAGE_SIZE, page_url="/ui/rights/cases?" + (query + "&" if query else ""),
                       **LABELS)


def _case_page(case_id: str, error=None, status=200, values=None):
    user = current_user()
    case = use_cases.get_case(rights().uow(), case_id, user)
    mine = owns(user, case)
    actions = [(a, CASE_ACTIONS[a]) for a in CASE_WORKFLOW.actions_from(case["state"])
               if a not in ("merge", "resolve")] if mine else []
    dept = handles_for(user)
    return render_page("rights/case.html", status=status, case=case_view(case, user, today()),
                       user=user, mine=mine, actions=actions, dept=dept,
                       can_resolve=mine and ("resolve" in CASE_WORKFLOW.actions_from(case["state"])),
                       error=error, errors=form_errors(error), values=values or {},
                       done=DONE.get(request.args.get("done", "")), today=today().isoformat(),
                       **LABELS)


@bp.get("/cases/<case_id>")
@require_roles(*READ_ROLES)
def case_page(case_id: str):
    """案件办理页面:案情、可做的操作、转办、法律援助、全过程记录。"""
    return _case_page(case_id)


def _form(names) -> dict:
    return {n: request.form[n].strip() for n in names if (request.form.get(n) or "").strip()}


def _run(case_id: str, action: str):
    """The use case behind each form post on the case page."""
    user, uow, rid = current_user(), rights().uow(), g.request_id
    if action in CASE_ACTIONS and action != "merge":
        body = _form(("reason", "outcome", "note"))
        if action == "resolve":
            for money in ("wages_recovered", "compensation"):
                raw = (request.form.get(money) or "").strip()
                if raw:
                    try:
                        body[money] = float(raw)
                    except ValueError:
                        raise InvalidField("金额须为数字", {money: "须为数字"}) from None
            body["substantiated"] = request.form.get("substantiated") == "1"
            _check("resolve", body)
        return use_cases.change_state(uow, case_id, action, user, body, rid)
    if action == "refer":
        body = _form(("to_department", "reason", "requested_action", "due_date", "override_reason"))
        _check("refer", body)
        return referrals.refer_case(uow, case_id, user, body, rid)
    if action == "transfer":
        body = _form(("to_department", "reason", "override_reason"))
        if not body.get("to_department") or not body.get("reason"):
            raise InvalidField("请选择部门并说明理由",
                               {k: "必填" for k in ("to_department", "reason") if k not in body})
        return use_cases.transfer(uow, case_id, user, body, rid)
    if action == "consent":
        return use_cases.record_consent(uow, case_id, user, request.form.get("given") == "1",
                                        (request.form.get("note") or "").strip()[:200] or None)
    if action == "legal-aid":
        reason = (request.form.get("reason") or "").strip()
        if len(reason) < 2:
            raise InvalidField("请说明申请法律援助的理由", {"aid_reason": "必填"})
        return legal_aid.request(uow, case_id, user, reason[:500])
    if action == "legal-aid-assign":
        body = _form(("lawyer", "organization"))
        _check(action, body)
        return legal_aid.assign(uow, case_id, user, body["lawyer"], body.get("organization"), rid)
    if action == "legal-aid-outcome":
        body = _form(("method", "result"))
        _check(action, body)
        return legal_aid.conclude(uow, case_id, user, body["method"], body["result"])
    if action == "merge":
        body = _form(("into_case_id", "reason"))
        if not body.get("into_case_id") or not body.get("reason"):
            raise InvalidField("请填写要并入的案件和理由",
                               {k: "必填" for k in ("into_case_id", "reason") if k not in body})
        return use_cases.merge(uow, case_id, body["into_case_id"], user, body["reason"])
    if action == "assign":
        name = (request.form.get("username") or "").strip()[:64]
        if not name:
            raise InvalidField("请填写经办人", {"username": "必填"})
        return use_cases.assign(uow, case_id, user, {"username": name, "user_id": name})
    raise InvalidField("未知的操作", {"action": action})


def _check(action: str, body: dict) -> None:
    problems = SCHEMAS[action].errors(body)
    if problems:
        raise InvalidField("请按提示修改后再提交", problems)


def _back(default: str) -> str:
    # only to our own pages: a form cannot send the user elsewhere
    nxt = request.form.get("next") or ""
    return nxt if nxt.startswith("/ui/rights/") and "//" not in nxt else default


@bp.post("/cases/<case_id>/<action>")
@require_roles(*HANDLERS)
def case_action(case_id: str, action: str):
    """案件操作提交(立案、调查、办结、结案、不予受理、转办、移交、同意、法律援助、合并)。"""
    try:
        _run(case_id, action)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        if status == 404:
            raise
        return _case_page(case_id, error, status, values=dict(request.form, action=action))
    return redirect(_back(f"/ui/rights/cases/{case_id}") + f"?done={action}", 303)


@bp.get("/inbox")
@require_roles(*HANDLERS)
def inbox():
    """本部门转办收件箱(待接收、已接收)与发出的转办。"""
    user = current_user()
    on = today()
    rows = {}
    for side, states in (("inbox", ["pending", "accepted"]),
                         ("outbox", ["pending", "accepted", "rejected", "revoked"])):
        rows[side] = [(case_view(c, user, on), r) for c, r in
                      referrals.box(rights().uow(), user, side, states)]
    return render_page("rights/inbox.html", inbox=rows["inbox"], outbox=rows["outbox"],
                       dept=handles_for(user), today=on.isoformat(),
                       done=request.args.get("done"), error=None, **LABELS)


@bp.post("/referrals/<referral_id>/<action>")
@require_roles(*HANDLERS)
def referral_action(referral_id: str, action: str):
    """接收(承办或协办)、退回、撤回转办。"""
    if action not in ("accept", "reject", "revoke"):
        raise InvalidField("未知的操作", {"action": action})
    body = {"reason": (request.form.get("reason") or "").strip()[:500] or None,
            "as": request.form.get("as") if request.form.get("as") in ("owner", "co_handler") else None}
    user = current_user()
    try:
        case, _ = referrals.act(rights().uow(), referral_id, action, user, body, g.request_id)
    except (ApiError, DomainError) as e:
        status, error = error_of(e)
        on = today()
        rows = [(case_view(c, user, on), r) for c, r in
                referrals.box(rights().uow(), user, "inbox", ["pending", "accepted"])]
        return render_page("rights/inbox.html", status=status, inbox=rows, outbox=[],
                           dept=handles_for(user), today=on.isoformat(), done=None, error=error,
                           **LABELS)
    return redirect(_back("/ui/rights/inbox") + f"?done={action}", 303)
