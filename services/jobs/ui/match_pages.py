"""Match lists (岗位匹配: postings for a worker, workers for a posting, each with its score,
reasons and what is missing) and the township station's follow-up tasks (回访任务)."""
from datetime import date

from flask import redirect, request

from services.common.auth import current_user, require_roles
from services.common.ui import render_page
from services.common.validation import code_arg

from ..domain.roles import MATCHERS
from ..service_layer import matching
from ..service_layer import placements as uc
from .common import LABELS, bp, jobs


def _id_arg(name: str) -> str | None:
    value = (request.args.get(name) or "").strip()
    return value[:64] or None


@bp.get("/matches")
@require_roles(*MATCHERS)
def matches_page():
    """岗位匹配:为劳动力推荐岗位,或为岗位推荐本辖区人员。"""
    person_id, posting_id = _id_arg("person_id"), _id_arg("posting_id")
    user, today = current_user(), date.today()
    result = None
    if person_id:
        result = matching.matches_for_worker(jobs().uow(), person_id, user, today)
    elif posting_id:
        result = matching.candidates_for_posting(jobs().uow(), posting_id, user, today)
    with jobs().uow() as uow:
        open_postings = uow.postings.open_on(today.isoformat(), {"title": 1, "employer_name": 1})
    return render_page("jobs/matches.html", result=result, person_id=person_id, posting_id=posting_id,
                       open_postings=open_postings, **LABELS)


@bp.get("/follow-ups")
@require_roles(*MATCHERS)
def follow_ups_page():
    """回访任务:安置后 2 周、3/6/12 个月回访(本辖区)。"""
    status = code_arg("status", choices=("due", "done")) or "due"
    items, total = uc.follow_up_tasks(jobs().uow(), current_user(), status, 1, 100)
    return render_page("jobs/follow_ups.html", items=items, total=total, state=status,
                       done=request.args.get("done"), today=date.today().isoformat(), **LABELS)


@bp.post("/follow-ups/<path:task_id>")
@require_roles(*MATCHERS)
def follow_up_record(task_id):
    """登记一次回访(表单提交)。"""
    form = request.form
    body = {"still_employed": form.get("still_employed") == "yes",
            "wage_paid_on_time": form.get("wage_paid_on_time") == "yes"}
    wage = (form.get("monthly_wage") or "").strip()
    if wage.isdigit():
        body["monthly_wage"] = int(wage)
    uc.record_follow_up(jobs().uow(), task_id, body, current_user())
    return redirect("/ui/jobs/follow-ups?done=1", 303)
