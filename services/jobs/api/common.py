"""What the jobs routes share: the service from the app, paging and list replies."""
from flask import current_app

from services.common.validation import int_arg

from ..domain.common import view


def jobs():
    return current_app.extensions["jobs"]


def paging(max_size: int = 100) -> tuple[int, int]:
    return int_arg("page", 1, 100000, default=1), int_arg("page_size", 1, max_size, default=20)


def listing(items, total, page, size) -> dict:
    return {"items": [view(i) for i in items], "total": total, "page": page, "page_size": size}
