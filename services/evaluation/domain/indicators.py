"""Indicators per township (or the county as a whole) and month, built from other services'
events. Pure rules: which cells an event moves.

Three kinds of indicator:
- flow: a sum per month (registrations, people exported, income, ...); a year is the sum of
  its months. Additions commute, so arrival order does not matter.
- gauge: a level at a month's end (working outside now, output bases in operation). Cells hold
  the month's net change; the level is the running sum. Each entity (person, base) keeps its
  timeline of states by event time, so a late event is slotted in where it happened and the
  net changes are recomputed for that entity alone.
- ratio: the last measurement in a month (data quality); a year is its latest month.

Some facts have a natural key and only one version counts (a person's income for a year: the
latest report; a posting: its first publication). Those are `Keyed` effects."""
from dataclasses import dataclass, field

from services.common.domain.choices import Choices

from .calendar import local_instant, month_of

COUNTY = "411325"  # cells of county-wide facts that name no township

INDICATORS = Choices([
    ("registered", "登记富余劳动力"),
    ("new_entrants", "新增劳动力"),
    ("exported", "转移输出人数"),
    ("exported_organized", "其中:有组织输出"),
    ("exported_self", "其中:自发外出"),
    ("working_outside", "在外务工人数"),
    ("labor_income", "劳务收入(元)"),
    ("trainings", "培训人次"),
    ("trainings_certified", "培训取证人次"),
    ("placements", "安置到岗人数"),
    ("migrations", "外出登记人次"),
    ("entrepreneurs", "返乡创业人数"),
    ("bases", "输出基地(个)"),
    ("postings", "发布岗位数"),
    ("posting_headcount", "发布岗位人数"),
    ("orders", "招工订单数"),
    ("cases_opened", "受理维权案件"),
    ("cases_closed", "办结维权案件"),
    ("wages_recovered", "追回工资(元)"),
    ("model_cases", "先进典型"),
    ("media_reports", "媒体报道"),
    ("data_quality", "数据质量(完整率×年内核实率)"),
])
GAUGES = frozenset({"working_outside", "bases"})
RATIOS = frozenset({"data_quality"})
FLOWS = frozenset(INDICATORS.codes) - GAUGES - RATIOS
# money is kept in yuan with cents; counts are integers
MONEY = frozenset({"labor_income", "wages_recovered"})


@dataclass(frozen=True)
class Add:
    """Add `amount` to a flow cell."""
    indicator: str
    unit: str
    month: str
    amount: float = 1


@dataclass(frozen=True)
class Timeline:
    """An entity's state from event time `at`: the unit it counts in for `indicator`, or None."""
    indicator: str
    entity: str
    at: str            # local sortable timestamp
    tiebreak: str      # the event id: equal times still order the same way everywhere
    unit: str | None


@dataclass(frozen=True)
class Keyed:
    """Only one version of a keyed fact counts: the latest (or earliest) by `at`."""
    key: str
    at: str
    keep: str          # "latest" | "earliest"
    cells: tuple = field(default=())  # ((indicator, unit, month, amount), ...)


@dataclass(frozen=True)
class PersonState:
    """The latest known status of a person (by event time): who the entrepreneurs are, for
    the 创业之星 nominations."""
    person_id: str
    township_code: str
    status: str
    at: str


def _unit(code) -> str:
    return code if isinstance(code, str) and len(code) == 9 and code.startswith(COUNTY) else COUNTY


def _outside(status: str) -> bool:
    return status == "migrant"


def _age_on(birth_date: str, on: str) -> int:
    by, bm, bd = (int(x) for x in birth_date.split("-"))
    y, m, d = int(on[:4]), int(on[5:7]), int(on[8:10])
    return y - by - ((m, d) < (bm, bd))


def is_new_entrant(birth_date: str, registered_local: str) -> bool:
    """新成长劳动力: aged 16 to 19 when registered (left school, entering the labor force)."""
    return 16 <= _age_on(birth_date, registered_local) <= 19


def effects_of(event: dict) -> list:
    """The cells and timelines one event moves (empty for types evaluation ignores)."""
    rule = _RULES.get(event["type"])
    return rule(event["data"], event["id"]) if rule else []


def _person_registered(d, eid):
    at = local_instant(d["registered_at"])
    town, month = d["township_code"], at[:7]
    out = [Add("registered", town, month),
           Timeline("working_outside", d["person_id"], at, eid,
                    town if _outside(d["status"]) else None)]
    if is_new_entrant(d["birth_date"], at):
        out.append(Add("new_entrants", town, month))
    if d["status"] == "entrepreneur":
        out.append(Add("entrepreneurs", town, month))
    return out + [PersonState(d["person_id"], town, d["status"], at)]


def _person_updated(d, eid):
    at = local_instant(d["updated_at"])
    return [Timeline("working_outside", d["person_id"], at, eid,
                     d["township_code"] if _outside(d["status"]) else None),
            PersonState(d["person_id"], d["township_code"], d["status"], at)]


def _status_changed(d, eid):
    at = local_instant(d["changed_at"])
    town, month = d["township_code"], at[:7]
    to, frm = d["to_status"], d["from_status"]
    out = [Timeline("working_outside", d["person_id"], at, eid, town if _outside(to) else None)]
    if _outside(to) and not _outside(frm):
        out += [Add("exported", town, month),
                Add("exported_organized" if d.get("organized") else "exported_self", town, month)]
    if to == "entrepreneur" and frm != "entrepreneur":
        out.append(Add("entrepreneurs", town, month))
    return out + [PersonState(d["person_id"], town, to, at)]


def _training(d, eid):
    month = month_of(d["ended_on"])
    out = [Add("trainings", d["township_code"], month)]
    if d["certified"]:
        out.append(Add("trainings_certified", d["township_code"], month))
    return out


def _migration(d, eid):
    at = local_instant(d["start_date"])
    return [Add("migrations", d["township_code"], at[:7]),
            Timeline("working_outside", d["person_id"], at, eid, d["township_code"])]


def _income(d, eid):
    # one amount per person and year: a corrected report replaces the earlier one
    at = local_instant(d["reported_at"])
    return [Keyed(f"income:{d['person_id']}:{d['year']}", at, "latest",
                  (("labor_income", d["township_code"], at[:7], float(d["amount"])),))]


def _quality(d, eid):
    at = local_instant(d["measured_at"])
    value = round(float(d["completeness"]) * float(d["confirmed_within_year"]), 6)
    return [Keyed(f"quality:{d['township_code']}:{at[:7]}", at, "latest",
                  (("data_quality", d["township_code"], at[:7], value),))]


def _posting(d, eid):
    # a posting counts once, in the month it was first published (re-publishing a new
    # version of it is not a new posting)
    at = local_instant(d["published_at"])
    unit = _unit(d.get("work_region"))
    return [Keyed(f"posting:{d['posting_id']}", at, "earliest",
                  (("postings", unit, at[:7], 1), ("posting_headcount", unit, at[:7], d["headcount"])))]


def _base(active: bool):
    def rule(d, eid):
        return [Timeline("bases", d["base_id"], local_instant(d["on"]), eid,
                         _unit(d.get("township_code")) if active else None)]
    return rule


def _order(d, eid):
    return [Add("orders", COUNTY, month_of(d["at"]))]


def _placement(d, eid):
    at = local_instant(d["placed_at"])
    return [Add("placements", d["township_code"], at[:7]),
            Timeline("working_outside", d["person_id"], at, eid, d["township_code"])]


def _case_opened(d, eid):
    return [Add("cases_opened", _unit(d.get("township_code")), month_of(d["opened_at"]))]


def _case_closed(d, eid):
    unit, month = _unit(d.get("township_code")), month_of(d["closed_at"])
    out = [Add("cases_closed", unit, month)]
    if d["wages_recovered"]:
        out.append(Add("wages_recovered", unit, month, float(d["wages_recovered"])))
    return out


def _model_case(d, eid):
    indicator = "model_cases" if d["kind"] == "model_case" else "media_reports"
    return [Add(indicator, d["township_code"], month_of(d["on"]))]


_RULES = {
    "person.registered": _person_registered,
    "person.updated": _person_updated,
    "person.status_changed": _status_changed,
    "training.recorded": _training,
    "migration.recorded": _migration,
    "income.reported": _income,
    "data_quality.measured": _quality,
    "posting.published": _posting,
    "base.established": _base(True),
    "base.ended": _base(False),
    "order.created": _order,
    "placement.made": _placement,
    "case.opened": _case_opened,
    "case.closed": _case_closed,
    "model_case.recorded": _model_case,  # evaluation's own: applied when recorded, replayed
}
OWN_TYPES = ("model_case.recorded",)
RULE_TYPES = tuple(_RULES)
CONSUMED_TYPES = tuple(t for t in _RULES if t not in OWN_TYPES)


# ---- timelines -----------------------------------------------------------------------------
def insert_entry(entries: list, entry: Timeline) -> list:
    """The entity's entries with this one slotted in by (time, event id)."""
    row = [entry.at, entry.tiebreak, entry.unit]
    return sorted([e for e in entries if e[1] != entry.tiebreak] + [row], key=lambda e: (e[0], e[1]))


def timeline_cells(entries: list) -> dict:
    """Net change per (unit, month) that a sorted timeline contributes to its gauge."""
    cells: dict = {}
    current = None
    for at, _eid, unit in entries:
        if unit == current:
            continue
        month = at[:7]
        if current is not None:
            cells[(current, month)] = cells.get((current, month), 0) - 1
        if unit is not None:
            cells[(unit, month)] = cells.get((unit, month), 0) + 1
        current = unit
    return {k: v for k, v in cells.items() if v}


def cell_changes(old: dict, new: dict) -> dict:
    keys = set(old) | set(new)
    return {k: new.get(k, 0) - old.get(k, 0) for k in keys if new.get(k, 0) != old.get(k, 0)}


def supersedes(new_at: str, old_at: str | None, keep: str) -> bool:
    if old_at is None:
        return True
    return new_at > old_at if keep == "latest" else new_at < old_at


# ---- reading ------------------------------------------------------------------------------
def level_at(cells: list[dict], months: list[str]) -> dict:
    """{(unit, indicator): value} over `months` from cells {indicator, unit, month, value}:
    flows summed within the months, gauges summed up to the last month, ratios the latest
    month in range that has one."""
    first, last = months[0], months[-1]
    out: dict = {}
    latest_ratio: dict = {}
    for c in cells:
        ind, unit, month, value = c["indicator"], c["township_code"], c["month"], c["value"]
        if month > last:
            continue
        if ind in GAUGES:
            out[(unit, ind)] = out.get((unit, ind), 0) + value
        elif month >= first:
            if ind in RATIOS:
                if month >= latest_ratio.get((unit, ind), ""):
                    latest_ratio[(unit, ind)] = month
                    out[(unit, ind)] = value
            else:
                out[(unit, ind)] = out.get((unit, ind), 0) + value
    return {k: _tidy(k[1], v) for k, v in out.items()}


def _tidy(indicator: str, value):
    if indicator in RATIOS:
        return round(value, 4)
    if indicator in MONEY:
        return round(value, 2)
    return int(round(value))
