"""Use cases of recruitment-ad review (招聘广告审核备案) and the public filing lookup."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, NotFound
from services.common.events.envelope import utc_iso

from ..domain import ad as rules
from .agencies import publish


def _now(now):
    return now or datetime.now(timezone.utc)


def filing_number(year: int, seq: int) -> str:
    return f"内劳广备{year}{seq:04d}"


def submit(uow, body: dict, actor: Actor, now: datetime | None = None) -> dict:
    with uow:
        agency = None
        if body["submitter_type"] == "agency" and body.get("agency_id"):
            agency = uow.agencies.get(body["agency_id"])
            if agency is None:
                raise InvalidField("中介机构不存在", {"agency_id": "不存在"})
        ad = rules.new_ad(body, agency, actor, _now(now))
        uow.ads.add(ad)
        uow.commit()
    return ad


def review(uow, ad_id: str, body: dict, actor: Actor, corr: str | None = None,
           now: datetime | None = None) -> dict:
    now = _now(now)
    with uow:
        ad = uow.ads.get(ad_id)
        if ad is None:
            raise NotFound("招聘广告不存在", {"id": "不存在"})
        version = ad["version"]
        number = None
        if body["decision"] == "approve" and ad["status"] == "submitted":
            number = filing_number(now.year, uow.counters.next("ad", now.year))
        rules.review(ad, body["decision"], body.get("reason"), actor, now, number)
        if ad["status"] == "approved":
            publish(uow, "ad.approved", ad_id,
                    {"ad_id": ad_id, "filing_number": number, "agency_id": ad["agency_id"],
                     "employer_name": ad["employer_name"], "medium": ad["medium"], "at": utc_iso(now)},
                    actor, corr)
        uow.ads.save(ad, version)
        uow.commit()
    return ad


def list_ads(uow, actor: Actor, status: str | None, page: int, size: int):
    if actor.role not in rules.READERS:
        raise NotAllowed("无权查看招聘广告")
    with uow:
        return uow.ads.by_status(status, (page - 1) * size, size)


def lookup(uow, number: str) -> dict:
    """Public: an ad's filing, and its agency's licence as it stands now."""
    with uow:
        ad = uow.ads.by_filing_number(number.strip())
        if ad is None or ad["status"] != "approved":
            raise NotFound("未查到该备案号的招聘广告", {"filing_number": "未备案"})
        agency = uow.agencies.get(ad["agency_id"]) if ad.get("agency_id") else None
    return rules.public_ad(ad, agency)
