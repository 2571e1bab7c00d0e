"""Match quality from recorded application outcomes: precision at 5 and mean reciprocal rank
(MRR), per month and overall. Pure.

Each application to a posting remembers the posting's place in the worker's match list when it
was recorded (`match_rank`, 1 = first). A *query* is one worker's decided applications in one
month (by the application's date in China); a hire is a right answer, any other outcome
(refused for whatever reason) a wrong one; applications still waiting and those with no rank
(an order, a posting that was not open) do not count.

- precision@5 of a query = hires ranked 1-5 / 5 (the standard P@k: of the five postings shown
  first, how many the worker was hired for);
- reciprocal rank of a query = 1 / the best rank of a hire, 0 without a hire;
- a period's figure is the mean over its queries; overall, the mean over all queries."""
from collections import defaultdict
from datetime import datetime, timedelta, timezone

K = 5
DECIDED = ("hired", "refused")
CHINA = timezone(timedelta(hours=8))


def month_of(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(CHINA).strftime("%Y-%m")


def query_scores(ranks_hired: list[tuple[int, bool]], k: int = K) -> tuple[float, float]:
    """(precision@k, reciprocal rank) of one query: its decided applications as (rank, hired)."""
    hired = [r for r, h in ranks_hired if h]
    precision = sum(1 for r in hired if r <= k) / k
    return precision, (1 / min(hired) if hired else 0.0)


def _summary(scores: list[tuple[float, float]], applications: int, hires: int) -> dict:
    n = len(scores)
    return {"queries": n, "applications": applications, "hired": hires,
            "precision_at_5": round(sum(p for p, _ in scores) / n, 4) if n else None,
            "mrr": round(sum(r for _, r in scores) / n, 4) if n else None}


def match_quality(applications, k: int = K) -> dict:
    """{"k", "periods": [{"period": "YYYY-MM", queries, applications, hired, precision_at_5,
    mrr}], "overall": {...}} from applications (dicts with person_id, status, match_rank,
    created_at); periods in order."""
    queries: dict[tuple[str, str], list[tuple[int, bool]]] = defaultdict(list)
    for a in applications:
        if a.get("status") not in DECIDED or not a.get("match_rank"):
            continue
        queries[(month_of(a["created_at"]), a["person_id"])].append((a["match_rank"], a["status"] == "hired"))
    by_period: dict[str, list] = defaultdict(list)
    for (period, _), decided in queries.items():
        by_period[period].append((query_scores(decided, k), len(decided), sum(h for _, h in decided)))
    periods = []
    for period in sorted(by_period):
        rows = by_period[period]
        periods.append(dict(period=period, **_summary([s for s, _, _ in rows], sum(n for _, n, _ in rows),
                                                     sum(h for _, _, h in rows))))
    every = [row for rows in by_period.values() for row in rows]
    return {"k": k, "periods": periods,
            "overall": _summary([s for s, _, _ in every], sum(n for _, n, _ in every), sum(h for _, _, h in every))}
