"""Use cases on complaints and cases: intake (staff, public form, wage alert), reading,
state changes, assignment, consent, transfer, merging, the public status."""
from datetime import date, datetime, timedelta, timezone

from services.common.domain.actor import ANONYMOUS, Actor
from services.common.domain.errors import InvalidField, NotAllowed, NotFound, StaleVersion
from services.common.events.envelope import new_event

from .. import events  # noqa: F401  (registers the rights service's event contracts)
from ..domain import event_data, handling
from ..domain.access import READ_ROLES, can_read
from ..domain.case import new_case, public_status
from services.common.uow import retried

SOURCE = "rights"


def _now(now):
    return now or datetime.now(timezone.utc)


def _event(uow, type_: str, case: dict, data: dict, actor: Actor, correlation_id) -> None:
    uow.publish(new_event(type_, source=SOURCE, subject=case["_id"], data=data,
                          actor=actor.audit(), correlation_id=correlation_id))


@retried
def take_complaint(uow, body: dict, actor: Actor, correlation_id: str | None = None,
                   now: datetime | None = None, townships: dict | None = None,
                   channel: str | None = None) -> dict:
    """A complaint by staff (body["channel"]) or the worker's web form (channel="web")."""
    now = _now(now)
    channel = channel or body["channel"]
    with uow:
        agency = None
        resp = body["respondent"]
        if resp.get("type") == "agency" and resp.get("id"):
            agency = uow.agencies.get(resp["id"])
        draft = None
        if body.get("draft_id"):
            draft = uow.drafts.get(body["draft_id"])
            if draft is None or draft["state"] != "open":
                raise InvalidField("草稿不存在或已处理", {"draft_id": "不可用"})
        case = new_case(body, channel, actor, now, townships, agency)
        if draft is not None:
            case["from_draft"] = draft["_id"]
            uow.drafts.set_state(draft["_id"], "taken", case["_id"], now)
        uow.cases.add(case)
        _event(uow, "case.opened", case, event_data.opened(case), actor, correlation_id)
        uow.commit()
    return case


def take_public_complaint(uow, body: dict, correlation_id: str | None = None,
                          now: datetime | None = None, townships: dict | None = None) -> dict:
    return take_complaint(uow, body, ANONYMOUS, correlation_id, now, townships, channel="web")


def _load(uow, case_id: str, actor: Actor) -> dict:
    case = uow.cases.get(case_id)
    if case is None or not can_read(actor, case):
        # a case the actor may not see is, for them, a case that does not exist
        raise NotFound("案件不存在", {"id": "不存在"})
    return case


def _check_version(case: dict, version: int | None) -> None:
    if version is not None and version != case["version"]:
        raise StaleVersion("案件已被他人修改,请刷新后重试", {"version": f"当前版本为 {case['version']}"})


def get_case(uow, case_id: str, actor: Actor) -> dict:
    if actor.role not in READ_ROLES:
        raise NotAllowed("无权查看案件")
    with uow:
        return _load(uow, case_id, actor)


def list_cases(uow, actor: Actor, filters: dict, page: int, page_size: int):
    if actor.role not in READ_ROLES:
        raise NotAllowed("无权查看案件")
    with uow:
        return uow.cases.page_visible_to(actor, filters, (page - 1) * page_size, page_size)


@retried
def change_state(uow, case_id: str, action: str, actor: Actor, body: dict,
                 correlation_id: str | None = None, now: datetime | None = None) -> dict:
    now = _now(now)
    with uow:
        case = _load(uow, case_id, actor)
        _check_version(case, body.get("version"))
        version = case["version"]
        outcome = body if action == "resolve" else None
        handling.change_state(case, action, actor, now, body.get("reason"), outcome)
        uow.cases.save(case, version)
        if action == "accept" and case["respondent"]["type"] == "unlicensed_agency":
            # licensing opens (or joins) an enforcement case; only once the center accepts
            # the complaint, so an idle web form cannot start one
            _event(uow, "illegal_agency.reported", case, event_data.illegal_agency(case, now),
                   actor, correlation_id)
        if action == "close":
            _event(uow, "case.closed", case, event_data.closed(case), actor, correlation_id)
        uow.commit()
    return case


@retried
def assign(uow, case_id: str, actor: Actor, handler: dict, now: datetime | None = None) -> dict:
    now = _now(now)
    with uow:
        case = _load(uow, case_id, actor)
        version = case["version"]
        handling.assign_handler(case, actor, handler, now)
        uow.cases.save(case, version)
        uow.commit()
    return case


@retried
def record_consent(uow, case_id: str, actor: Actor, given: bool, note: str | None,
                   now: datetime | None = None) -> dict:
    now = _now(now)
    with uow:
        case = _load(uow, case_id, actor)
        version = case["version"]
        handling.record_consent(case, actor, given, note, now)
        uow.cases.save(case, version)
        uow.commit()
    return case


@retried
def transfer(uow, case_id: str, actor: Actor, body: dict, correlation_id: str | None = None,
             now: datetime | None = None) -> dict:
    now = _now(now)
    with uow:
        case = _load(uow, case_id, actor)
        version, previous = case["version"], case["owner_department"]
        handling.transfer(case, actor, body["to_department"], body["reason"], now,
                          body.get("override_reason"))
        uow.cases.save(case, version)
        _event(uow, "case.transferred", case, event_data.transferred(case, previous, now),
               actor, correlation_id)
        uow.commit()
    return case


@retried
def merge(uow, case_id: str, into_case_id: str, actor: Actor, reason: str,
          now: datetime | None = None) -> dict:
    now = _now(now)
    with uow:
        duplicate = _load(uow, case_id, actor)
        try:
            primary = _load(uow, into_case_id, actor)
        except NotFound:
            raise NotFound("要并入的案件不存在", {"into_case_id": "不存在"}) from None
        dv, pv = duplicate["version"], primary["version"]
        handling.merge(duplicate, primary, actor, now, reason)
        uow.cases.save(duplicate, dv)
        uow.cases.save(primary, pv)
        uow.commit()
    return duplicate


def status_by_receipt(uow, receipt: str) -> dict:
    """Public: anyone with the receipt number; no personal data (domain.case.public_status)."""
    with uow:
        case = uow.cases.by_receipt(receipt)
        if case is None:
            raise NotFound("未找到该受理编号", {"receipt": "不存在"})
        merged_into = uow.cases.get(case["merged_into"]) if case.get("merged_into") else None
    return public_status(case, merged_into)


def today() -> date:
    # the county works in China time: a case due "today" is overdue from tomorrow there
    return (datetime.now(timezone.utc) + timedelta(hours=8)).date()
