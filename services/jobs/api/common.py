"""What the jobs routes share: the service from the app, paging and list replies."""
from flask import current_app, request

from services.common.errors import ApiError
from services.common.validation import int_arg

from ..domain.common import view


def jobs():
    return current_app.extensions["jobs"]


def paging(max_size: int = 100) -> tuple[int, int]:
    return int_arg("page", 1, 100000, default=1), int_arg("page_size", 1, max_size, default=20)


def listing(items, total, page, size) -> dict:
    return {"items": [view(i) for i in items], "total": total, "page": page, "page_size": size}


def id_arg(name: str) -> str | None:
    """An optional record id in the query string (ids are at most 64 characters)."""
    value = (request.args.get(name) or "").strip()
    if len(value) > 64:
        raise ApiError(400, "validation_failed", "查询参数无效", {name: "编号过长"})
    return value or None
