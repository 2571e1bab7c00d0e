"""Small helpers shared by the jobs domain modules: ids, dates, views."""
import uuid
from datetime import date, datetime

from services.common.domain.errors import InvalidField

DATE_SCHEMA = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description_error": "须为 YYYY-MM-DD 日期"}
PHONE_SCHEMA = {"type": "string", "pattern": r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$",
                "description_error": "须为 11 位手机号或带区号的固定电话"}
TEXT = {"type": "string", "maxLength": 2000}


def new_id() -> str:
    return uuid.uuid4().hex


def parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidField("日期无效", {field: "不是有效的日期"}) from None


def view(doc: dict) -> dict:
    """A stored record as the API shows it: `id` instead of `_id`, instants as ISO text."""
    out = {k: v for k, v in doc.items() if k != "_id"}
    out["id"] = doc["_id"]
    for k, v in list(out.items()):
        if isinstance(v, datetime):
            out[k] = v.isoformat()
    if "log" in out:
        out["log"] = [dict(e, at=e["at"].isoformat() if isinstance(e.get("at"), datetime) else e.get("at"))
                      for e in out["log"]]
    return out
