"""Use cases on worker profiles and matching: keep profiles from the registry's events; rank
open postings for a worker and registered workers for a posting."""
from datetime import date

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed, NotFound, OutOfRegion
from services.common.domain.roles import in_region

from ..domain.match_quality import match_quality as measure
from ..domain.matching import LOOKING, apply_person_event, rank
from ..domain.roles import MATCHERS

# what matching needs of a posting (loading 2,000 whole postings would dominate the time)
POSTING_FIELDS = {"title": 1, "industry": 1, "description": 1, "requirements": 1, "salary_min": 1,
                  "salary_max": 1, "work_region": 1, "work_city": 1, "training_offered": 1,
                  "employer_name": 1, "filing_number": 1, "headcount": 1}


def on_person_events(uow, events: list[dict]) -> None:
    """The registry's person events of one poll, in order: the profiles read with one query,
    written with one bulk write."""
    ids = list(dict.fromkeys(e["data"]["person_id"] for e in events))
    with uow:
        profiles = uow.workers.many(ids)
        was = {pid: _region(p) for pid, p in profiles.items()}
        for event in events:
            pid = event["data"]["person_id"]
            profiles[pid] = apply_person_event(profiles.get(pid), event)
        uow.workers.put_many([profiles[i] for i in ids], new_ids={i for i in ids if i not in was})
        # an SMS subscription follows the person to a new township or village, so that the
        # stations who now keep the record are the ones who see it and may record an opt-out.
        # Only a person who had a profile can have one (staff subscribe existing profiles), and
        # only a move changes it: a poll of new registrations reads no subscription at all.
        moved = [i for i in ids if i in was and _region(profiles[i]) != was[i]]
        for sub in (uow.subscriptions.many(moved).values() if moved else ()):
            profile = profiles[sub["_id"]]
            region = {"township_code": profile.get("township_code"),
                      "village_code": profile.get("village_code")}
            if any(sub.get(k) != v for k, v in region.items()):
                uow.subscriptions.save(dict(sub, **region), sub["version"])
        uow.commit()


def _region(profile: dict) -> tuple:
    return profile.get("township_code"), profile.get("village_code")


def on_person_event(uow, event: dict) -> None:
    on_person_events(uow, [event])


def _must(actor: Actor) -> None:
    if actor.role not in MATCHERS:
        raise NotAllowed(f"角色“{actor.role}”无权查看匹配结果")


def _view(m, **ids) -> dict:
    return dict(ids, score=m.score, reasons=m.reasons, missing=m.missing)


def matches_for_worker(uow, person_id: str, actor: Actor, today: date, limit: int = 20,
                       open_postings=None) -> dict:
    """`open_postings(today)`, when given, answers the open postings (a short-lived cache in the
    web app: at 2,000 postings reading them is most of the time)."""
    _must(actor)
    with uow:
        worker = uow.workers.get(person_id)
        if worker is None:
            raise NotFound("未找到该劳动力的求职档案", {"person_id": "不存在或尚未同步"})
        if not in_region(actor, worker.get("township_code"), worker.get("village_code")):
            raise OutOfRegion("无权查看其他辖区的人员")
        postings = (open_postings(today) if open_postings
                    else uow.postings.open_on(today.isoformat(), POSTING_FIELDS))
    ranked = rank(((p, worker, p) for p in postings), today, limit)
    return {"person_id": person_id, "items": [
        _view(m, posting_id=p["_id"], title=p["title"], employer_name=p["employer_name"],
              work_city=p["work_city"], salary_min=p["salary_min"], salary_max=p["salary_max"],
              filing_number=p.get("filing_number")) for p, m in ranked]}


def place_in_list(uow, worker: dict, posting_id: str, today: date) -> dict:
    """Where a posting stood in the worker's match list today (1-based rank, score, and how many
    postings the list ranked), as the match page would show it: what an application records
    so that match quality (precision at 5, MRR) can be measured from its outcome. Not ranked
    (None) when the posting is not open or the worker is excluded from it. In the caller's
    unit of work."""
    postings = uow.postings.open_on(today.isoformat(), POSTING_FIELDS)
    ranked = rank(((p, worker, p) for p in postings), today, limit=max(len(postings), 1))
    for place, (p, m) in enumerate(ranked, 1):
        if p["_id"] == posting_id:
            return {"match_rank": place, "match_score": m.score, "match_list_size": len(ranked)}
    return {"match_rank": None, "match_score": None, "match_list_size": len(ranked)}


def candidates_for_posting(uow, posting_id: str, actor: Actor, today: date, limit: int = 20) -> dict:
    """Registered workers who may be looking, in the actor's region, best first."""
    _must(actor)
    with uow:
        posting = uow.postings.get(posting_id)
        if posting is None:
            raise NotFound("招聘信息不存在", {"id": "不存在"})
        workers = uow.workers.visible_to(actor, {"status": {"$in": list(LOOKING)}})
    ranked = rank(((w, w, posting) for w in workers), today, limit)
    return {"posting_id": posting_id, "title": posting["title"], "items": [
        _view(m, person_id=w["_id"], township_code=w.get("township_code"),
              village_code=w.get("village_code")) for w, m in ranked]}


QUALITY_READERS = MATCHERS + ("leader",)


def match_quality(uow, actor: Actor) -> dict:
    """Precision at 5 and MRR per month and overall, from the decided applications the actor
    may see (a township its own, the county and the leader all)."""
    if actor.role not in QUALITY_READERS:
        raise NotAllowed(f"角色“{actor.role}”无权查看匹配质量")
    with uow:
        decided = [a for a in uow.applications.with_outcome()
                   if in_region(actor, a.get("township_code"), a.get("village_code"))]
    return measure(decided)
