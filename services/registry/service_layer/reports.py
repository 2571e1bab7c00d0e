"""Ledger exports and statistics: long reads over the actor's scope, outside any transaction
(a 100,000-row export must not hold one open). They take the person repository directly and
the audit repository for recording who exported unmasked records."""
from datetime import date, datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed

from ..domain.ledgers import LEDGERS, Ctx, headers, rows
from ..domain.person import READERS
from ..domain.privacy import sees_personal_data
from ..domain.regions import Regions
from ..domain.stats import GROUPS, shape
from .persons import audit_entry

AUDIT_CHUNK = 10000


def ledger_of(code: str):
    if code not in LEDGERS:
        raise InvalidField("台帐不存在", {"ledger": "取值应为:" + "、".join(
            f"{l.title}({c})" for c, l in LEDGERS.items())})
    return LEDGERS[code]


def export_ledger(persons, reads, actor: Actor, ledger_code: str, criteria: dict,
                  regions: Regions, write_xlsx, origin: dict | None = None,
                  today: date | None = None) -> tuple[str, str, int]:
    """(path of the xlsx, file title, rows). Unmasked rows exported are recorded in the audit."""
    if actor.role not in READERS:
        raise NotAllowed("无权导出台帐")
    ledger = ledger_of(ledger_code)
    today = today or datetime.now(timezone.utc).date()
    shown: list[str] = []
    count = 0

    def cells():
        nonlocal count
        for p in persons.cursor_visible_to(actor, dict(criteria, **ledger.base)):
            masked = not sees_personal_data(actor, p)
            if not masked:
                shown.append(p["_id"])
            for row in rows(ledger, p, Ctx(regions, today, masked)):
                count += 1
                yield row

    path = write_xlsx(ledger.title, headers(ledger), cells(), ledger.title)
    now = datetime.now(timezone.utc)
    for i in range(0, len(shown), AUDIT_CHUNK):
        reads.add(audit_entry(actor, "export", shown[i:i + AUDIT_CHUNK], origin, now,
                              {"ledger": ledger_code, "criteria": {k: str(v) for k, v in criteria.items()},
                               "rows": count}))
    return path, ledger.title, count


def statistics(persons, actor: Actor, criteria: dict, group_by: str, regions: Regions,
               today: date | None = None) -> dict:
    if actor.role not in READERS:
        raise NotAllowed("无权查看统计")
    if group_by not in GROUPS:
        raise InvalidField("统计口径不存在", {"group_by": "取值应为:" + "、".join(
            f"{v}({k})" for k, v in GROUPS.items())})
    today = today or datetime.now(timezone.utc).date()
    return shape(group_by, persons.stats_visible_to(actor, criteria, group_by, today), regions)
