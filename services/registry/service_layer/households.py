"""Use cases on households and the Spring Festival re-check campaign."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, NotFound, OutOfRegion
from services.common.domain.roles import in_region
from services.common.uow import retried

from ..domain import event_data
from ..domain.households import check_confirmer, new_campaign, new_household
from ..domain.person import READERS
from ..domain.records import employment_of, new_migration
from ..domain.regions import Regions
from .persons import _event
from .records import _move


def _now(now):
    return now or datetime.now(timezone.utc)


@retried
def add_household(uow, regions: Regions, body: dict, actor: Actor, now=None) -> dict:
    household = new_household(body, actor, regions, _now(now))
    with uow:
        uow.households.add(household)
        uow.commit()
    return household


def _household(uow, household_id: str, actor: Actor) -> dict:
    if actor.role not in READERS:
        raise NotAllowed("无权查看户信息")
    h = uow.households.get(household_id)
    if h is None:
        raise NotFound("户不存在", {"household_id": "不存在"})
    if not in_region(actor, h["township_code"], h["village_code"]):
        raise OutOfRegion("无权查看其他辖区的户")
    return h


def list_households(uow, actor: Actor, village_code: str | None = None) -> list[dict]:
    if actor.role not in READERS:
        raise NotAllowed("无权查看户信息")
    with uow:
        rows = uow.households.visible_to(actor, village_code)
        counts = uow.households.member_counts([h["_id"] for h in rows])
    return [dict(h, members=counts.get(h["_id"], 0)) for h in rows]


def household_members(uow, household_id: str, actor: Actor) -> tuple[dict, list[dict]]:
    with uow:
        h = _household(uow, household_id, actor)
        return h, uow.persons.members(household_id)


@retried
def open_campaign(uow, body: dict, actor: Actor, now=None) -> dict:
    campaign = new_campaign(body, actor, _now(now))
    with uow:
        uow.campaigns.add(campaign)
        uow.commit()
    return campaign


@retried
def confirm_household(uow, campaign_id: str, household_id: str, body: dict, actor: Actor,
                      correlation_id=None, now=None) -> dict:
    """A liaison confirms a household's members, updating each one's status, job and income as
    given; one transaction for the whole household (all confirmed or none)."""
    now = _now(now)
    with uow:
        campaign = uow.campaigns.get(campaign_id)
        if campaign is None:
            raise NotFound("核查不存在", {"campaign_id": "不存在"})
        h = _household(uow, household_id, actor)
        check_confirmer(campaign, h, actor)
        for i, m in enumerate(body["members"]):
            person = uow.persons.get(m["person_id"])
            if person is None or person.get("household_id") != household_id:
                raise InvalidField("成员不属于该户", {f"members[{i}].person_id": "不是该户成员"})
            _confirm_member(uow, person, m, actor, now, correlation_id)
            uow.persons.save(person, m["version"])
        entry = {"campaign_id": campaign_id, "household_id": household_id,
                 "village_code": h["village_code"], "members": len(body["members"]),
                 "at": now, "by": actor.audit()}
        uow.campaigns.confirm(entry)
        uow.commit()
    return entry


def _confirm_member(uow, person, m, actor, now, correlation_id) -> None:
    to = m.get("status")
    if to == "migrant" and m.get("employer"):
        mig = new_migration({"employer": m["employer"], "city": m.get("city") or "未填",
                             "destination": m.get("destination") or "other",
                             "start_date": now.date().isoformat(),
                             "monthly_income": m.get("monthly_income"),
                             "organization": m.get("organization") or "self"}, actor, now)
        person.setdefault("migrations", []).append(mig)
        person["employment"] = employment_of(mig)
        uow.publish(_event("migration.recorded", person, event_data.migration_recorded(person, mig),
                           actor, correlation_id))
    if to and to != person["status"]:
        if to != "migrant":
            person.pop("employment", None)
        _move(uow, person, to, actor, now, "春节返乡核查", (person.get("employment") or {}).get("organized"),
              correlation_id)
    if m.get("income") is not None:
        year = m.get("income_year") or now.year
        income = {"year": year, "amount": m["income"], "reported_at": now, "reported_by": actor.audit()}
        person["incomes"] = [x for x in person.get("incomes") or [] if x["year"] != year] + [income]
        uow.publish(_event("income.reported", person, event_data.income_reported(person, income),
                           actor, correlation_id))
    person.update(confirmed_at=now, updated_at=now, updated_by=actor.audit())
    uow.persons.log_change(person["_id"], {"at": now, "by": actor.audit(), "action": "confirmed",
                                           "fields": [], "values": {}})


def campaign_progress(uow, campaign_id: str, actor: Actor, regions: Regions) -> dict:
    with uow:
        c = uow.campaigns.get(campaign_id)
        if c is None:
            raise NotFound("核查不存在", {"campaign_id": "不存在"})
        county = actor.role in ("county_admin", "leader")
        own_town = actor.role in READERS and (actor.region_code or "")[:9] == c["township_code"]
        if not (county or own_town):
            raise OutOfRegion("无权查看其他乡镇的核查")
        totals = uow.households.count_by_village(c["township_code"])
        done = uow.campaigns.confirmed_by_village(campaign_id)
    villages = [{"village_code": v, "name": regions.villages.get(v, (v,))[0], "households": n,
                 "confirmed": done.get(v, 0), "ratio": round(done.get(v, 0) / n, 4) if n else 0.0}
                for v, n in sorted(totals.items())]
    if actor.role == "village_liaison":
        villages = [v for v in villages if v["village_code"] == actor.region_code]
    return {"id": c["_id"], "name": c["name"], "year": c["year"], "township_code": c["township_code"],
            "status": c["status"], "villages": villages,
            "households": sum(v["households"] for v in villages),
            "confirmed": sum(v["confirmed"] for v in villages)}


def list_campaigns(uow, actor: Actor) -> list[dict]:
    """The re-checks a reader may follow: the county's all, a township's (and its villages')
    its own."""
    if actor.role not in READERS:
        raise NotAllowed("无权查看春节返乡核查")
    with uow:
        return uow.campaigns.visible_to(actor)


def campaign_households(uow, campaign_id: str, actor: Actor, village_code: str | None = None
                        ) -> tuple[dict, list[dict]]:
    """The households of a campaign's township that the reader may see (a liaison: its
    village), each with its members count and its confirmation in this campaign, if any."""
    if actor.role not in READERS:
        raise NotAllowed("无权查看春节返乡核查")
    with uow:
        c = uow.campaigns.get(campaign_id)
        if c is None:
            raise NotFound("核查不存在", {"campaign_id": "不存在"})
        if not (actor.role in ("county_admin", "leader") or
                (actor.region_code or "")[:9] == c["township_code"]):
            raise OutOfRegion("无权查看其他乡镇的核查")
        rows = [h for h in uow.households.visible_to(actor, village_code)
                if h["township_code"] == c["township_code"]]
        ids = [h["_id"] for h in rows]
        counts = uow.households.member_counts(ids)
        done = uow.campaigns.confirmed_in(campaign_id, ids)
    return c, [dict(h, members=counts.get(h["_id"], 0), confirmation=done.get(h["_id"])) for h in rows]


def campaign_of(uow, campaign_id: str) -> dict:
    with uow:
        c = uow.campaigns.get(campaign_id)
    if c is None:
        raise NotFound("核查不存在", {"campaign_id": "不存在"})
    return c
