"""Referrals: a department's inbox and outbox, and the answer to a referral."""
from flask import Blueprint, g

from services.common.auth import current_user, require_roles
from services.common.openapi import accepts
from services.common.validation import code_arg

from ..domain.access import HANDLER_ROLE
from ..domain.codes import REFERRAL_STATES
from ..domain.deadlines import referral_overdue
from ..domain.referral import REFERRAL_ACTION_SCHEMA
from ..service_layer import referrals
from ..service_layer.cases import today
from .common import rights, view

bp = Blueprint("rights_referrals", __name__, url_prefix="/api/rights")
HANDLERS = tuple(HANDLER_ROLE.values())


@bp.get("/referrals")
@require_roles(*HANDLERS)
def box():
    """本部门收到的(inbox)或发出的(outbox)转办。"""
    side = code_arg("box", choices=("inbox", "outbox")) or "inbox"
    state = code_arg("state", choices=REFERRAL_STATES.codes)
    states = [state] if state else (["pending", "accepted"] if side == "inbox" else list(REFERRAL_STATES.codes))
    pairs = referrals.box(rights().uow(), current_user(), side, states)
    on = today()
    items = []
    for case, referral in pairs:
        shown = view(case)
        r = next(x for x in shown["referrals"] if x["id"] == referral["id"])
        items.append({**r, "overdue": referral_overdue(referral, on),
                      "case": {k: shown[k] for k in ("id", "receipt_number", "category", "state",
                                                    "owner_department", "place", "due_date",
                                                    "overdue", "complainant", "respondent")}})
    return {"items": items}


def _action(action: str, doc: str):
    def handler(referral_id: str, body):
        case, referral = referrals.act(rights().uow(), referral_id, action, current_user(), body,
                                       g.request_id)
        return {"referral": next(r for r in view(case)["referrals"] if r["id"] == referral_id)}
    handler.__name__ = f"referral_{action}"
    handler.__doc__ = doc
    bp.post(f"/referrals/<referral_id>/{action}")(
        require_roles(*HANDLERS)(accepts(REFERRAL_ACTION_SCHEMA)(handler)))


_action("accept", "接收转办(as: owner 承办 / co_handler 协办)。")
_action("reject", "退回转办(须说明理由)。")
_action("revoke", "撤回转办(发起部门,须说明理由)。")
