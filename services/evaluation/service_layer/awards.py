"""Use cases of recognition: model cases and media reports recorded by townships (an indicator
each, announced as model_case.recorded), and 创业之星 nominations, review and awards."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed, NotFound, OutOfRegion
from services.common.events.envelope import new_event

from .. import events  # noqa: F401  (registers model_case.recorded, award.granted)
from ..domain import awards as award_rules
from ..domain import model_cases as case_rules
from ..domain.indicators import effects_of
from ..domain.units import TOWNSHIPS
from .indicators import apply_effects, flush_effects


def _now(now):
    return now or datetime.now(timezone.utc)


def record_model_case(uow, actor: Actor, body: dict, correlation_id: str | None = None,
                      now=None) -> dict:
    case = case_rules.new_model_case(body, actor, TOWNSHIPS, _now(now))
    event = new_event("model_case.recorded", source="evaluation", subject=case["_id"],
                      data=case_rules.event_data(case), actor=actor.audit(),
                      correlation_id=correlation_id)
    with uow:
        uow.model_cases.add(case)
        # the indicator moves in the same transaction; the replay rebuilds it from the event
        apply_effects(uow, effects_of(event))
        flush_effects(uow)
        uow.publish(event)
        uow.commit()
    return case


def model_cases(uow, actor: Actor, year: int) -> dict:
    if actor.role not in case_rules.READERS:
        raise NotAllowed("无权查看先进典型")
    with uow:
        items = uow.model_cases.for_year_visible_to(actor, year)
    media = sum(1 for c in items if c["kind"] == "media_report")
    return {"year": year, "items": items, "media_reports": media,
            "media_goal": case_rules.YEARLY_MEDIA_GOAL}


def entrepreneurs(uow, actor: Actor) -> list[dict]:
    """Returned entrepreneurs known from the registry's events (ids and townships only)."""
    if actor.role not in award_rules.READERS:
        raise NotAllowed("无权查看")
    with uow:
        return uow.people.entrepreneurs_visible_to(actor)


def nominate(uow, actor: Actor, body: dict, now=None) -> dict:
    with uow:
        nomination = award_rules.new_nomination(body, actor, uow.people.entrepreneur(body["person_id"]),
                                                _now(now))
        uow.nominations.add(nomination)
        uow.commit()
    return nomination


def review(uow, actor: Actor, nomination_id: str, action: str, reason: str | None = None,
           correlation_id: str | None = None, now=None) -> dict:
    at = _now(now)
    with uow:
        nomination = uow.nominations.get(nomination_id)
        if nomination is None:
            raise NotFound("推荐不存在", {"id": "不存在"})
        version = nomination["version"]
        award_rules.review(nomination, action, actor, at, reason)
        uow.nominations.save(nomination, version)
        if action == "award":
            uow.publish(new_event("award.granted", source="evaluation", subject=nomination["_id"],
                                  data={"award_id": nomination["_id"], "year": nomination["year"],
                                        "person_id": nomination["person_id"],
                                        "township_code": nomination["township_code"],
                                        "at": at.isoformat()},
                                  actor=actor.audit(), correlation_id=correlation_id))
        uow.commit()
    return nomination


def nominations(uow, actor: Actor, year: int) -> list[dict]:
    if actor.role not in award_rules.READERS:
        raise NotAllowed("无权查看创业之星推荐")
    with uow:
        return uow.nominations.for_year_visible_to(actor, year)


def get_nomination(uow, actor: Actor, nomination_id: str) -> dict:
    if actor.role not in award_rules.READERS:
        raise NotAllowed("无权查看创业之星推荐")
    with uow:
        nomination = uow.nominations.get(nomination_id)
    if nomination is None:
        raise NotFound("推荐不存在", {"id": "不存在"})
    if actor.role == "township_staff" and nomination["township_code"] != actor.region_code:
        raise OutOfRegion("只能查看本乡镇的推荐")
    return nomination
