"""Deadlines per category (data in seed/deadlines.json) and the overdue flag."""
import json
from datetime import date, datetime, timedelta
from pathlib import Path

from .codes import CATEGORIES, OPEN_STATES

DEADLINES_FILE = Path(__file__).resolve().parent.parent / "seed" / "deadlines.json"


def load_deadlines(path: Path = DEADLINES_FILE) -> dict[str, int]:
    table = {k: int(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()
             if not k.startswith("_")}
    missing = set(CATEGORIES.codes) - set(table)
    if missing:  # a category without a deadline would never be overdue: refuse to start
        raise ValueError(f"deadlines.json lacks {sorted(missing)}")
    return table


DEADLINE_DAYS = load_deadlines()


def due_date(category: str, received: datetime, table: dict | None = None) -> str:
    days = (table or DEADLINE_DAYS)[category]
    return (received.date() + timedelta(days=days)).isoformat()


def is_overdue(case: dict, today: date) -> bool:
    """Still open after its due date (a resolved, closed or rejected case is never overdue)."""
    return case["state"] in OPEN_STATES and date.fromisoformat(case["due_date"]) < today


def referral_overdue(referral: dict, today: date) -> bool:
    return referral["state"] == "pending" and date.fromisoformat(referral["due_date"]) < today
