"""Use cases on indicators: apply another service's event (incrementally, order-independent);
read a year's table and its monthly series."""
from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed

from ..domain.calendar import months_of_year
from ..domain.indicators import (INDICATORS, RATIOS, Add, Keyed, PersonState, Timeline,
                                 cell_changes, effects_of, insert_entry, level_at, supersedes,
                                 timeline_cells)

READERS = ("county_admin", "leader", "township_staff")


def apply_effects(uow, effects: list) -> None:
    """Inside an open unit of work: move the cells the effects name (the caller writes them
    with flush_effects(uow) before it commits)."""
    for eff in effects:
        if isinstance(eff, Add):
            uow.indicators.add(eff.indicator, eff.unit, eff.month, eff.amount)
        elif isinstance(eff, Timeline):
            key = f"{eff.indicator}:{eff.entity}"
            old = uow.timelines.entries(key)
            new = insert_entry(old, eff)
            for (unit, month), delta in cell_changes(timeline_cells(old), timeline_cells(new)).items():
                uow.indicators.add(eff.indicator, unit, month, delta)
            uow.timelines.put(key, new)
        elif isinstance(eff, Keyed):
            doc = uow.facts.get(eff.key)
            if not supersedes(eff.at, doc["at"] if doc else None, eff.keep):
                continue  # an older (or later, for "earliest") version: already superseded
            for ind, unit, month, amount in (doc["cells"] if doc else []):
                uow.indicators.add(ind, unit, month, -amount)
            for ind, unit, month, amount in eff.cells:
                uow.indicators.add(ind, unit, month, amount)
            uow.facts.put(eff.key, eff.at, [list(c) for c in eff.cells])
        elif isinstance(eff, PersonState):
            uow.people.remember(eff.person_id, eff.township_code, eff.status, eff.at)


def prefetch(uow, effects: list) -> None:
    """The documents the effects will read, each collection with one query."""
    uow.timelines.load({f"{e.indicator}:{e.entity}" for e in effects if isinstance(e, Timeline)})
    uow.facts.load({e.key for e in effects if isinstance(e, Keyed)})
    uow.people.load({e.person_id for e in effects if isinstance(e, PersonState)})


def flush_effects(uow) -> None:
    """Write what apply_effects collected: one bulk write per collection."""
    uow.timelines.flush()
    uow.facts.flush()
    uow.people.flush()
    uow.indicators.flush()


def apply_events(uow, events: list[dict]) -> None:
    """Consumed events, in their order (the consumer already skipped those processed before):
    a poll's events are read, applied and written together, a few round trips in all."""
    effects = [eff for event in events for eff in effects_of(event)]
    if not effects:
        return
    with uow:
        prefetch(uow, effects)
        apply_effects(uow, effects)
        flush_effects(uow)
        uow.commit()


def apply_event(uow, event: dict) -> None:
    """One consumed event (the one-at-a-time path that isolates a failing event)."""
    apply_events(uow, [event])


def on_person_registered(uow, event: dict) -> None:  # the first consumer's name, kept
    apply_event(uow, event)


def _check_reader(actor: Actor) -> None:
    if actor.role not in READERS:
        raise NotAllowed("无权查看指标")


def table(cells: list[dict], months: list[str]) -> dict:
    """{unit: {indicator: value}} over the months."""
    rows: dict = {}
    for (unit, ind), value in level_at(cells, months).items():
        rows.setdefault(unit, {})[ind] = value
    return rows


def indicators_for_year(uow, actor: Actor, year: int) -> dict:
    _check_reader(actor)
    months = months_of_year(year)
    with uow.reading():
        cells = uow.indicators.visible_cells(actor, months[0], months[-1])
    rows = table(cells, months)
    townships = [{"township_code": unit, **{name: rows[unit].get(name, 0) for name in INDICATORS}}
                 for unit in sorted(rows)]
    totals = {name: sum(r[name] for r in townships) for name in INDICATORS if name not in RATIOS}
    return {"year": year, "townships": townships, "totals": totals,
            "labels": INDICATORS.as_dict()}


def monthly_series(uow, actor: Actor, year: int, indicator: str) -> dict:
    """Per month of the year: the county total (or the actor's township) of one indicator."""
    _check_reader(actor)
    if indicator not in INDICATORS:
        raise InvalidField("指标无效", {"indicator": "未知的指标"})
    months = months_of_year(year)
    with uow.reading():
        cells = [c for c in uow.indicators.visible_cells(actor, months[0], months[-1])
                 if c["indicator"] == indicator]
    series = []
    for m in months:
        values = [v for (unit, ind), v in level_at(cells, [m]).items()]
        if indicator in RATIOS:
            series.append(round(sum(values) / len(values), 4) if values else 0)
        else:
            series.append(sum(values))
    return {"year": year, "indicator": indicator, "label": INDICATORS.label(indicator),
            "months": months, "values": series}
