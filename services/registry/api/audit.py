"""The read audit of personal data, for the county office (PIPL): who opened or exported
whose unmasked record, when and from where."""
from flask import Blueprint, current_app, request

from services.common.auth import current_user, require_roles
from services.common.validation import int_arg

from ..service_layer import audit as use_cases

bp = Blueprint("registry_audit", __name__, url_prefix="/api/registry")


@bp.get("/audit")
@require_roles("county_admin")
def reads():
    """个人信息查阅日志(县劳务办):按人员、用户、动作查询。"""
    page = int_arg("page", 1, 100000, default=1)
    size = int_arg("page_size", 1, 200, default=50)
    items, total = use_cases.search_reads(current_app.extensions["registry"].uow(), current_user(),
                                          request.args.to_dict(), page, size)
    for e in items:
        e["at"] = e["at"].isoformat()
    return {"items": items, "total": total, "page": page, "page_size": size}
