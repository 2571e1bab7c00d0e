"""Rebuilding the indicators from the events alone: the same rules the consumers apply, over a
stream read from the topics' beginning, into fresh collections; then a comparison with the
live figures."""
from .indicators import apply_events


def replay(new_uow, events, batch: int = 500) -> int:
    """Apply `events` (an iterable, any order, duplicates allowed) through units of work from
    new_uow(); returns how many distinct events were applied. Duplicates are skipped by id, as
    the consumer's processed-event records skip them live."""
    seen: set[str] = set()
    pending: list[dict] = []

    def flush():
        apply_events(new_uow(), pending)  # a batch: a few bulk reads and writes
        pending.clear()

    for event in events:
        if event["id"] in seen:
            continue
        seen.add(event["id"])
        pending.append(event)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return len(seen)


def differences(live: dict, rebuilt: dict, tolerance: float = 1e-6) -> list[dict]:
    """Cells whose values differ ({cell id: value}; a zero cell equals a missing one)."""
    out = []
    for key in sorted(set(live) | set(rebuilt)):
        a, b = live.get(key, 0), rebuilt.get(key, 0)
        if abs(a - b) > tolerance:
            out.append({"cell": key, "live": a, "replay": b})
    return out
