"""Review of likely duplicates (疑似重复). A registration flags a record whose name and birth
date match another's anywhere in the county (persons.flag_likely_duplicates; a 15-digit and an
18-digit form of one number are one number already, refused as 409 at entry). A keeper sees the
flagged pairs whose two records are both in their region, side by side, and either merges them
(persons.merge_persons: the history of both is kept) or says they are two people
(dismiss_duplicate: both flags go, the decision is in both change logs)."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed
from services.common.domain.roles import in_region
from services.common.uow import retried

from ..domain.person import WRITERS, check_keeper
from ..domain.privacy import sees_personal_data
from .persons import _visible, audit_entry

FLAGGED = {"duplicate_suspect": True, "sort": "name"}


def _now(now):
    return now or datetime.now(timezone.utc)


def list_pairs(uow, actor: Actor, page: int, page_size: int, origin: dict | None = None,
               now: datetime | None = None) -> dict:
    """A page of flagged records (by name, so a pair's two records sit together) as pairs.
    A pair is listed once, from the record whose id sorts first. A pair whose other record is
    outside the reader's region is only counted (`elsewhere`): the county reviews it."""
    if actor.role not in WRITERS:
        raise NotAllowed("无权审核疑似重复人员")
    with uow:
        flagged, total = uow.persons.search_visible_to(actor, FLAGGED, (page - 1) * page_size, page_size)
        pairs, elsewhere, seen = [], 0, {}
        for p in flagged:
            for other_id in p.get("duplicate_suspects") or []:
                if other_id not in seen:
                    seen[other_id] = uow.persons.get(other_id)
                other = seen[other_id]
                if other is None or other.get("merged_into"):
                    continue  # merged meanwhile: nothing left to review
                if not in_region(actor, other["township_code"], other["village_code"]):
                    elsewhere += 1
                    continue
                if p["_id"] < other_id or p["_id"] not in (other.get("duplicate_suspects") or []):
                    pairs.append((p, other))
        shown = sorted({x["_id"] for pair in pairs for x in pair if sees_personal_data(actor, x)})
        if shown:  # both records in full, side by side: a read of personal data
            uow.reads.add(audit_entry(actor, "list", shown, origin, _now(now),
                                      {"view": "duplicates"}))
            uow.commit()
    return {"pairs": pairs, "total": total, "elsewhere": elsewhere}


@retried
def dismiss_duplicate(uow, person_id: str, other_id: str, actor: Actor, version: int,
                      now: datetime | None = None) -> dict:
    """“Not a duplicate”: the two records stay, neither is flagged with the other any more,
    and each change log says who decided it and when."""
    now = _now(now)
    if person_id == other_id:
        raise InvalidField("不能与自身比对", {"other_id": "须为另一人员"})
    with uow:
        person = _visible(uow, person_id, actor)
        other = _visible(uow, other_id, actor)
        check_keeper(actor, person)
        check_keeper(actor, other)
        if other_id not in (person.get("duplicate_suspects") or []):
            raise InvalidField("这两条记录没有被标记为疑似重复", {"other_id": "不是该人员的疑似重复"})
        for a, b in ((person, other), (other, person)):
            a["duplicate_suspects"] = [i for i in a.get("duplicate_suspects") or [] if i != b["_id"]]
            if not a["duplicate_suspects"]:
                a.pop("duplicate_suspects")
            a["not_duplicates"] = sorted(set(a.get("not_duplicates") or []) | {b["_id"]})
            a.update(updated_at=now, updated_by=actor.audit())
            uow.persons.log_change(a["_id"], {"at": now, "by": actor.audit(),
                                              "action": "duplicate_dismissed", "fields": [],
                                              "values": {"not_duplicate_of": {"old": None, "new": b["_id"]}}})
        uow.persons.save(person, version)
        uow.persons.save(other, other["version"])
        uow.commit()
    return person
