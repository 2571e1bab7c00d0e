"""Use cases of 打击非法中介: tips (public, anonymous allowed), joint enforcement cases of labor,
police and commerce, and rights' illegal_agency.reported opening or joining a case."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, NotFound, OutOfRegion
from services.common.events.envelope import utc_iso

from ..domain import enforcement as rules
from .agencies import publish

# who opens a case from rights' report: the service itself, on the labor office's behalf
RIGHTS = Actor(id="rights-service", username="rights", role="system", department="labor")


def _now(now):
    return now or datetime.now(timezone.utc)


def submit_tip(uow, body: dict, actor: Actor | None, now: datetime | None = None) -> dict:
    tip = rules.new_tip(body, actor, _now(now))
    with uow:
        uow.tips.add(tip)
        uow.commit()
    return tip


def list_tips(uow, actor: Actor, page: int, size: int):
    if actor.role != "county_admin":
        raise NotAllowed("举报线索由县劳务办受理")
    with uow:
        return uow.tips.page_visible_to(actor, (page - 1) * size, size)


def _opened(uow, case: dict, actor: Actor, corr, now) -> None:
    publish(uow, "enforcement.opened", case["_id"],
            {"enforcement_id": case["_id"], "suspect_name": case["suspect_name"],
             "departments": case["departments"], "at": utc_iso(now)}, actor, corr)


def open_case(uow, body: dict, actor: Actor, corr: str | None = None, now: datetime | None = None) -> dict:
    now = _now(now)
    case = rules.new_case(body, actor, now)
    with uow:
        for tip_id in case["tip_ids"]:
            if not uow.tips.link_case(tip_id, case["_id"]):
                raise InvalidField("举报线索不存在", {"tip_ids": f"{tip_id} 不存在"})
        uow.cases.add(case)
        _opened(uow, case, actor, corr, now)
        uow.commit()
    return case


def get_case(uow, case_id: str, actor: Actor) -> dict:
    with uow:
        case = uow.cases.get(case_id)
        if case is None:
            raise NotFound("案件不存在", {"id": "不存在"})
        if not rules.takes_part(case, actor):
            raise OutOfRegion("本部门未参与此案件")
        case["tips"] = [uow.tips.get(t) for t in case["tip_ids"]]
        return case


def list_cases(uow, actor: Actor, status: str | None, page: int, size: int):
    if actor.role not in rules.OFFICERS:
        raise NotAllowed("无权查看查处案件")
    with uow:
        return uow.cases.page_visible_to(actor, status, (page - 1) * size, size)


def _update(uow, case_id: str, actor: Actor, change, corr=None, now=None) -> dict:
    now = _now(now)
    with uow:
        case = uow.cases.get(case_id)
        if case is None:
            raise NotFound("案件不存在", {"id": "不存在"})
        version = case["version"]
        change(case, now)
        if case["status"] == "closed" and case.get("closed_at") == now:
            publish(uow, "enforcement.closed", case_id,
                    {"enforcement_id": case_id, "suspect_name": case["suspect_name"],
                     "result": case["result"], "at": utc_iso(now)}, actor, corr)
        uow.cases.save(case, version)
        uow.commit()
    return case


def join(uow, case_id: str, department: str, actor: Actor, now=None) -> dict:
    return _update(uow, case_id, actor, lambda c, at: rules.join(c, department, actor, at), now=now)


def add_action(uow, case_id: str, body: dict, actor: Actor, now=None) -> dict:
    return _update(uow, case_id, actor, lambda c, at: rules.add_action(c, body, actor, at), now=now)


def close(uow, case_id: str, body: dict, actor: Actor, corr=None, now=None) -> dict:
    return _update(uow, case_id, actor,
                   lambda c, at: rules.close(c, body["result"], body["note"], actor, at), corr, now)


def on_illegal_agency_reported(uow, event: dict) -> dict:
    """rights' illegal_agency.reported: joins the open case on the same suspect, or opens one
    for the labor office (which brings police and commerce in)."""
    data, now = event["data"], datetime.now(timezone.utc)
    case = uow.cases.open_for_suspect(rules.suspect_key(data["suspect_name"]))
    if case is not None:
        version = case["version"]
        if rules.link_report(case, data["case_id"], now):
            uow.cases.save(case, version)
    else:
        case = rules.new_case({"suspect_name": data["suspect_name"], "place": data["place"],
                               "complaint_ids": [data["case_id"]]}, RIGHTS, now, source="rights")
        uow.cases.add(case)
        _opened(uow, case, RIGHTS, event.get("correlation_id"), now)
    uow.commit()
    return case
