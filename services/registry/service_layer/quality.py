"""Data-quality figures: shown to the county (and a township its own), and published per
township as data_quality.measured for evaluation to score."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed
from services.common.events.envelope import new_event, utc_iso

from ..domain.quality import PROJECTION, measure

VIEWERS = ("county_admin", "leader", "township_staff")


def quality(persons, actor: Actor, now: datetime | None = None) -> dict:
    if actor.role not in VIEWERS:
        raise NotAllowed("无权查看数据质量")
    now = now or datetime.now(timezone.utc)
    return measure(persons.cursor_visible_to(actor, {}, PROJECTION), now)


def publish_quality(persons, uow, actor: Actor, now: datetime | None = None) -> int:
    """One data_quality.measured per township, in one transaction."""
    if actor.role != "county_admin":
        raise NotAllowed("仅县劳务办可发布数据质量")
    now = now or datetime.now(timezone.utc)
    figures = measure(persons.cursor_visible_to(actor, {}, PROJECTION), now)
    with uow:
        for town, f in figures.items():
            data = {"township_code": town, "measured_at": utc_iso(now), "persons": f["persons"],
                    "completeness": f["completeness"],
                    "confirmed_within_year": f["confirmed_within_year"],
                    "villages": [dict(v, village_code=code) for code, v in f["villages"].items()]}
            uow.publish(new_event("data_quality.measured", source="registry", subject=town,
                                  data=data, actor=actor.audit(), correlation_id=None))
        uow.commit()
    return len(figures)
