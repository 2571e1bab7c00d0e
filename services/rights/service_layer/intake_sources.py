"""What other services tell the rights center: licensing's agencies (the local table that
complaints link to) and jobs' unpaid-wage alerts (complaint drafts)."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed, NotFound

from services.common.uow import retried

AGENCY_STATUS = {"agency.licensed": "licensed", "agency.renewed": "licensed",
                 "agency.reinstated": "licensed",
                 "agency.suspended": "suspended", "agency.revoked": "revoked",
                 "agency.expired": "expired"}


def on_agency_event(uow, event: dict) -> None:
    data = event["data"]
    fields = {"name": data["name"], "license_number": data.get("license_number"),
              "status": AGENCY_STATUS[event["type"]]}
    if "credit_code" in data:
        fields["credit_code"] = data["credit_code"]
    with uow:
        uow.agencies.upsert(data["agency_id"], fields, data["at"])
        uow.commit()


def on_wage_unpaid(uow, event: dict) -> None:
    data = event["data"]
    draft = {"_id": data["placement_id"], "placement_id": data["placement_id"],
             "person_id": data["person_id"], "township_code": data["township_code"],
             "employer_id": data["employer_id"], "employer_name": data["employer_name"],
             "reported_at": data["reported_at"], "state": "open", "case_id": None,
             "received_at": datetime.now(timezone.utc)}
    with uow:
        uow.drafts.add_once(draft)
        uow.commit()


def _staff(actor: Actor) -> None:
    if actor.role != "rights_staff":
        raise NotAllowed("只有维权中心可以处理欠薪预警")


def open_drafts(uow, actor: Actor) -> list[dict]:
    _staff(actor)
    with uow:
        return uow.drafts.open_drafts()


@retried
def dismiss_draft(uow, draft_id: str, actor: Actor) -> None:
    _staff(actor)
    with uow:
        if uow.drafts.get(draft_id) is None:
            raise NotFound("草稿不存在", {"id": "不存在"})
        uow.drafts.set_state(draft_id, "dismissed", None, datetime.now(timezone.utc))
        uow.commit()


def search_agencies(uow, actor: Actor, q: str) -> list[dict]:
    if actor.role not in ("rights_staff", "county_admin", "township_staff", "village_liaison"):
        raise NotAllowed("无权查询中介机构")
    with uow:
        return uow.agencies.search(q)
