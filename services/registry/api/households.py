"""Households and the Spring Festival re-check campaign."""
from flask import Blueprint, current_app, g, request

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts
from services.common.validation import code_arg

from ..domain.households import CAMPAIGN_SCHEMA, CONFIRM_SCHEMA, HOUSEHOLD_SCHEMA
from ..domain.person import READERS, WRITERS
from ..domain.privacy import person_view
from ..service_layer import households as use_cases

bp = Blueprint("households", __name__, url_prefix="/api/registry")


def _registry():
    return current_app.extensions["registry"]


def _plain(doc: dict) -> dict:
    out = {k: (v.isoformat() if hasattr(v, "isoformat") and not isinstance(v, str) else v)
           for k, v in doc.items() if k != "_id"}
    out["id"] = doc["_id"]
    return out


@bp.post("/households")
@require_roles(*WRITERS)
@accepts(HOUSEHOLD_SCHEMA)
def add_household(body):
    """登记一户(户号、村、组)。"""
    r = _registry()
    return _plain(use_cases.add_household(r.uow(), r.regions.get(), body, current_user())), 201


@bp.get("/households")
@require_roles(*READERS)
def list_households():
    """本辖区的户及成员数(可按 village_code 筛选)。"""
    rows = use_cases.list_households(_registry().uow(), current_user(), code_arg("village_code", 12))
    return {"items": [_plain(h) for h in rows]}


@bp.get("/households/<household_id>")
@require_roles(*READERS)
def household(household_id: str):
    """一户及其成员。"""
    user = current_user()
    h, members = use_cases.household_members(_registry().uow(), household_id[:64], user)
    return dict(_plain(h), members=[person_view(p, user) for p in members])


@bp.post("/campaigns")
@require_roles("township_staff")
@accepts(CAMPAIGN_SCHEMA)
def open_campaign(body):
    """乡镇发起春节返乡核查。"""
    return _plain(use_cases.open_campaign(_registry().uow(), body, current_user())), 201


@bp.post("/campaigns/<campaign_id>/households/<household_id>/confirm")
@require_roles(*WRITERS)
@accepts(CONFIRM_SCHEMA)
def confirm(campaign_id: str, household_id: str, body):
    """村联络员核实一户成员(状态、务工单位、收入),整户一次提交。"""
    entry = use_cases.confirm_household(_registry().uow(), campaign_id[:64], household_id[:64], body,
                                        current_user(), g.request_id)
    return _plain(dict(entry, _id=household_id))


@bp.get("/campaigns/<campaign_id>")
@require_roles(*READERS)
def progress(campaign_id: str):
    """核查进度(各村已核实户数/总户数)。"""
    r = _registry()
    return use_cases.campaign_progress(r.uow(), campaign_id[:64], current_user(), r.regions.get())
