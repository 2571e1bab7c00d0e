"""Data-quality figures: shown to the county (and a township its own), and published per
township as data_quality.measured for evaluation to score: on demand by the county office, and
once a day by the registry worker (publish_daily, idempotent per China day)."""
from datetime import datetime, timedelta, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import Duplicate, NotAllowed
from services.common.events.envelope import new_event, utc_iso
from services.common.uow import retried

from ..domain.quality import PROJECTION, measure

VIEWERS = ("county_admin", "leader", "township_staff")
CHINA = timezone(timedelta(hours=8))
# the worker's daily run: attributed to the worker, reading the whole county
WORKER = Actor(id="registry-worker", username="registry-worker", role="system")
_COUNTY_SCOPE = Actor(id=WORKER.id, username=WORKER.username, role="county_admin")


def quality(persons, actor: Actor, now: datetime | None = None) -> dict:
    if actor.role not in VIEWERS:
        raise NotAllowed("无权查看数据质量")
    now = now or datetime.now(timezone.utc)
    return measure(persons.cursor_visible_to(actor, {}, PROJECTION), now)


def _publish(uow, figures: dict, now: datetime, actor: Actor, correlation_id=None) -> None:
    for town, f in figures.items():
        data = {"township_code": town, "measured_at": utc_iso(now), "persons": f["persons"],
                "completeness": f["completeness"],
                "confirmed_within_year": f["confirmed_within_year"],
                "villages": [dict(v, village_code=code) for code, v in f["villages"].items()]}
        uow.publish(new_event("data_quality.measured", source="registry", subject=town,
                              data=data, actor=actor.audit(), correlation_id=correlation_id))


def publish_quality(persons, uow, actor: Actor, now: datetime | None = None) -> int:
    """One data_quality.measured per township, in one transaction."""
    if actor.role != "county_admin":
        raise NotAllowed("仅县劳务办可发布数据质量")
    now = now or datetime.now(timezone.utc)
    figures = measure(persons.cursor_visible_to(actor, {}, PROJECTION), now)
    with uow:
        _publish(uow, figures, now, actor)
        uow.commit()
    return len(figures)


def china_day(now: datetime) -> str:
    return now.astimezone(CHINA).date().isoformat()


@retried
def publish_daily(persons, uow, now: datetime | None = None) -> int:
    """The worker's daily measurement: one data_quality.measured per township, at most once per
    China day however often it runs and however many workers run it (the day's run record and
    the events commit together; a second writer of the day meets the unique day and stops).
    Returns the number of townships published (0: already done today)."""
    now = now or datetime.now(timezone.utc)
    day = china_day(now)
    with uow:
        if uow.quality_runs.get(day):
            return 0
    figures = measure(persons.cursor_visible_to(_COUNTY_SCOPE, {}, PROJECTION), now)
    try:
        with uow:
            uow.quality_runs.add({"_id": day, "at": now, "townships": len(figures),
                                  "by": WORKER.audit()})
            _publish(uow, figures, now, WORKER, correlation_id=f"data-quality-{day}")
            uow.commit()
    except Duplicate:
        return 0  # another worker published this day first
    return len(figures)
