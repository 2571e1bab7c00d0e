"""Statistics kept current instead of counted on each request (pure Python).

Each village has one rollup: its persons (n) and men (m), and for every classification the
counts per key. A write adds the difference between a record's contribution after and before
(contribution(new) - contribution(old)), in the same transaction as the record, so the
rollups always equal a full recount (the integration test compares them after registrations,
edits, status changes and merges). Age bands move with the calendar, so ages are kept as
counts per birth date and banded when read.

A key is stored as a field name: None (not filled) becomes "~"; codes, dates and industry
codes contain no "." or "$"."""
from collections import defaultdict
from datetime import date

from .stats import band_bounds

DIMENSIONS = ("sex", "education", "status", "industry", "organization", "training_intention", "birth")
NONE_KEY = "~"
# the record fields a contribution reads
FIELDS = ("township_code", "village_code", "merged_into", "sex", "education", "status",
          "intended_industries", "employment", "training_intention", "birth_date")
# group_by -> the dimension it reads ("age_band" reads birth dates; township/village the totals)
SERVED = {"sex": "sex", "education": "education", "status": "status", "industry": "industry",
          "organization": "organization", "training_intention": "training_intention",
          "age_band": "birth", "township": None, "village": None}


def _field(key) -> str:
    if key is None:
        return NONE_KEY
    text = str(key)
    if not text or "." in text or text.startswith("$"):
        raise ValueError(f"rollup key {key!r}")
    return text


def _key(field: str):
    return None if field == NONE_KEY else field


def contribution(person: dict | None) -> dict[str, tuple[int, int]]:
    """'dimension.key' -> (persons, men) this record adds to its village's rollup; a merged
    (or absent) record adds nothing. Mirrors storage/stats.py's aggregation key by key."""
    if not person or person.get("merged_into"):
        return {}
    male = 1 if person.get("sex") == "male" else 0
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def add(dim: str, key) -> None:
        cell = out[f"{dim}.{_field(key)}"]
        cell[0] += 1
        cell[1] += male

    add("sex", person.get("sex"))
    add("education", person.get("education"))
    add("status", person.get("status"))
    industries = person.get("intended_industries")
    for industry in (industries if isinstance(industries, list) else
                     [] if industries is None else [industries]):
        add("industry", industry)
    if person.get("status") != "migrant":
        add("organization", "none")
    else:
        add("organization", "organized" if (person.get("employment") or {}).get("organized") else "self")
    add("training_intention", "no" if person.get("training_intention") in (None, "") else "yes")
    add("birth", person.get("birth_date"))
    out["total"] = [1, male]
    return {k: (n, m) for k, (n, m) in out.items()}


def delta(before: dict | None, after: dict | None) -> dict[tuple, dict]:
    """(township_code, village_code) -> {'dimension.key': (persons, men)} to add when `before`
    becomes `after` (either may be None). A move to another village takes from one rollup and
    adds to the other; cells that cancel out are left out."""
    out: dict[tuple, dict[str, list[int]]] = {}
    for person, sign in ((before, -1), (after, 1)):
        if person:
            _add(out, person, sign)
    return {v: {k: (n, m) for k, (n, m) in cells.items() if n or m}
            for v, cells in out.items() if any(n or m for n, m in cells.values())}


def batch_delta(people: list[dict]) -> dict[tuple, dict]:
    """The rollup increments of many new records, summed per village."""
    out: dict[tuple, dict[str, list[int]]] = {}
    for p in people:
        _add(out, p, 1)
    return {v: {k: (n, m) for k, (n, m) in cells.items()} for v, cells in out.items()}


def _add(out: dict, person: dict, sign: int) -> None:
    cells = out.setdefault((person["township_code"], person["village_code"]),
                           defaultdict(lambda: [0, 0]))
    for k, (n, m) in contribution(person).items():
        cells[k][0] += sign * n
        cells[k][1] += sign * m


def increments(cells: dict[str, tuple[int, int]]) -> dict[str, int]:
    """A village's cells as the $inc of its rollup document."""
    inc = {}
    for k, (n, m) in cells.items():
        prefix = "" if k == "total" else "d."
        base = "" if k == "total" else k + "."
        inc[f"{prefix}{base}n"] = n
        inc[f"{prefix}{base}m"] = m
    return inc


def _band_of(bounds, birth: str | None) -> str:
    if birth is not None:
        for code, after, upto in bounds:
            if after < birth <= upto:
                return code
    return "other"


def band_of(today: date, field: str) -> str:
    """The age band (or 'other') on `today` of a birth date as a rollup key (ISO, or "~")."""
    return _band_of(band_bounds(today), _key(field))


def bands(birth: dict, today: date) -> dict[str, dict[str, int]]:
    """A village's persons per birth date ({date: {n, m}}, as in its rollup) as persons per
    age band on `today`: what the age-band statistics read, kept with the rollup and
    recomputed when the date moves on (storage/rollups.py)."""
    bounds = band_bounds(today)
    out: dict[str, dict[str, int]] = {}
    for field, cell in birth.items():
        band = out.setdefault(_band_of(bounds, _key(field)), {"n": 0, "m": 0})
        band["n"] += cell.get("n", 0)
        band["m"] += cell.get("m", 0)
    return out


def read(rollups, group_by: str, today: date) -> list[tuple]:
    """(key, persons, men, women) per group from village rollup documents, in the shape of
    storage/stats.counts; keys with no one left are not shown (as a recount would not)."""
    sums: dict = defaultdict(lambda: [0, 0])
    dim = SERVED[group_by]
    bounds = band_bounds(today) if group_by == "age_band" else None
    for doc in rollups:
        if dim is None:
            key = doc["township_code"] if group_by == "township" else doc["_id"]
            sums[key][0] += doc.get("n", 0)
            sums[key][1] += doc.get("m", 0)
            continue
        for field, cell in (doc.get("d", {}).get(dim) or {}).items():
            key = _key(field)
            if bounds is not None:
                key = _band_of(bounds, key)
            sums[key][0] += cell.get("n", 0)
            sums[key][1] += cell.get("m", 0)
    return [(k, n, m, n - m) for k, (n, m) in sums.items() if n]
