"""The rights center's report, computed from the cases a reader may see: counts by
category, owner department and state, overdue, days to close, money recovered, and the
share of answered referrals that were accepted."""
from datetime import date

from .deadlines import is_overdue


def _count(cases, key) -> dict:
    out: dict = {}
    for c in cases:
        out[key(c)] = out.get(key(c), 0) + 1
    return dict(sorted(out.items()))


def report(cases: list[dict], today: date) -> dict:
    closed = [c for c in cases if c["state"] == "closed" and c.get("closed_at")]
    days = sorted((c["closed_at"] - c["received_at"]).total_seconds() / 86400 for c in closed)
    referrals = [r for c in cases for r in c.get("referrals", [])]
    answered = [r for r in referrals if r["state"] in ("accepted", "rejected")]
    accepted = sum(r["state"] == "accepted" for r in answered)
    outcomes = [c["outcome"] for c in closed if c.get("outcome")]
    return {
        "total": len(cases),
        "by_category": _count(cases, lambda c: c["category"]),
        "by_department": _count(cases, lambda c: c["owner_department"]),
        "by_state": _count(cases, lambda c: c["state"]),
        "overdue": sum(is_overdue(c, today) for c in cases),
        "closed": len(closed),
        "days_to_close": {"average": round(sum(days) / len(days), 1) if days else None,
                          "median": round(days[len(days) // 2], 1) if days else None},
        "wages_recovered": round(sum(o["wages_recovered"] for o in outcomes), 2),
        "compensation": round(sum(o["compensation"] for o in outcomes), 2),
        "referrals": {"total": len(referrals), "answered": len(answered), "accepted": accepted,
                      "acceptance_rate": round(accepted / len(answered), 3) if answered else None},
    }
