"""HTTP entrypoints for recruitment orders, applications, placements and follow-ups."""
from flask import Blueprint, g

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts
from services.common.validation import code_arg

from ..domain.common import view
from ..domain.order import ORDER_FLOW, ORDER_SCHEMA, PROGRESS_SCHEMA
from ..domain.placement import (APPLICATION_SCHEMA, APPLICATION_STATES, FOLLOW_UP_SCHEMA, OUTCOME_SCHEMA,
                                PLACEMENT_SCHEMA)
from ..domain.posting import ACTION_SCHEMA
from ..domain.roles import KEEPERS, MATCHERS, READERS, REVIEWERS
from ..service_layer import orders as orders_uc
from ..service_layer import placements as uc
from .common import id_arg, jobs, listing, paging

bp = Blueprint("jobs_placements", __name__, url_prefix="/api/jobs")


@bp.post("/orders")
@require_roles(*REVIEWERS)
@accepts(ORDER_SCHEMA)
def create_order(body):
    """登记用工订单(订单式输出)。"""
    return view(orders_uc.create_order(jobs().uow(), body, current_user(), g.request_id)), 201


@bp.get("/orders")
@require_roles(*READERS)
def list_orders():
    """订单列表。"""
    status = code_arg("status", choices=tuple(ORDER_FLOW.state_labels))
    page, size = paging()
    return listing(*orders_uc.list_orders(jobs().uow(), current_user(), {"status": status} if status else {},
                                          page, size), page, size)


@bp.get("/orders/<order_id>")
@require_roles(*READERS)
def get_order(order_id):
    """查看订单及进度。"""
    return view(orders_uc.get_order(jobs().uow(), order_id, current_user()))


@bp.post("/orders/<order_id>/progress")
@require_roles(*KEEPERS)
@accepts(PROGRESS_SCHEMA)
def order_progress(order_id, body):
    """登记订单的招收与培训人数。"""
    return view(orders_uc.record_progress(jobs().uow(), order_id, body["recruited"], body["trained"],
                                          current_user()))


@bp.post("/orders/<order_id>/close")
@require_roles(*REVIEWERS)
@accepts(ACTION_SCHEMA)
def close_order(order_id, body):
    """关闭订单(须说明原因)。"""
    return view(orders_uc.close_order(jobs().uow(), order_id, body.get("reason") or "", current_user()))


@bp.post("/applications")
@require_roles(*MATCHERS)
@accepts(APPLICATION_SCHEMA)
def record_application(body):
    """登记求职报名。"""
    return view(uc.record_application(jobs().uow(), body, current_user())), 201


def application_filters() -> dict:
    """The applications list's filters from the query string (shared with the page): status,
    posting, order, township (the scope query still limits a township to its own)."""
    filters = {"status": code_arg("status", choices=tuple(APPLICATION_STATES)),
               "posting_id": id_arg("posting_id"), "order_id": id_arg("order_id"),
               "township_code": code_arg("township_code", digits=9)}
    return {k: v for k, v in filters.items() if v}


@bp.get("/applications")
@require_roles(*MATCHERS)
def list_applications():
    """本辖区的报名记录(可按状态、岗位、订单、乡镇筛选)。"""
    page, size = paging()
    return listing(*uc.list_applications(jobs().uow(), current_user(), application_filters(), page, size),
                   page, size)


@bp.get("/applications/<application_id>")
@require_roles(*MATCHERS)
def get_application(application_id):
    """查看一条报名记录及其结果。"""
    return view(uc.get_application(jobs().uow(), application_id, current_user()))


@bp.post("/applications/<application_id>/outcome")
@require_roles(*MATCHERS)
@accepts(OUTCOME_SCHEMA)
def application_outcome(application_id, body):
    """登记报名结果(录用/未成功及原因)。"""
    return view(uc.record_outcome(jobs().uow(), application_id, body["outcome"], body.get("reason"),
                                  current_user()))


@bp.post("/placements")
@require_roles(*MATCHERS)
@accepts(PLACEMENT_SCHEMA)
def place(body):
    """登记安置到岗(生成 2 周、3/6/12 个月回访任务)。"""
    return view(uc.place(jobs().uow(), body, current_user(), g.request_id)), 201


@bp.get("/placements")
@require_roles(*MATCHERS)
def list_placements():
    """本辖区的安置记录。"""
    page, size = paging()
    return listing(*uc.list_placements(jobs().uow(), current_user(), page, size), page, size)


@bp.get("/follow-ups")
@require_roles(*MATCHERS)
def follow_ups():
    """本辖区的回访任务(按到期日)。"""
    status = code_arg("status", choices=("due", "done"))
    page, size = paging()
    return listing(*uc.follow_up_tasks(jobs().uow(), current_user(), status, page, size), page, size)


@bp.post("/follow-ups/<path:task_id>")
@require_roles(*MATCHERS)
@accepts(FOLLOW_UP_SCHEMA)
def record_follow_up(task_id, body):
    """登记回访结果(工资未按时发放时通知维权中心)。"""
    return view(uc.record_follow_up(jobs().uow(), task_id, body, current_user(), g.request_id))
