"""Use cases on agencies and their licence: apply, review, approve/reject, renew, change,
suspend/reinstate/revoke, expire by date, the commerce business licence, public verification."""
from datetime import date, datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, NotFound
from services.common.events.envelope import new_event, utc_iso

from .. import events
from ..domain import agency as rules
from ..domain.verification import verify

SYSTEM = Actor(id="system", username="licensing-expiry", role="system")


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(timezone.utc)


def license_number(year: int, seq: int) -> str:
    return f"豫宛内职介〔{year}〕{seq:04d}号"


def publish(uow, type_: str, agency_or_id, data: dict, actor: Actor, corr: str | None) -> None:
    subject = agency_or_id if isinstance(agency_or_id, str) else agency_or_id["_id"]
    uow.publish(new_event(type_, source=events.SOURCE, subject=subject, data=data,
                          actor=actor.audit(), correlation_id=corr))


def load(uow, agency_id: str) -> dict:
    agency = uow.agencies.get(agency_id)
    if agency is None:
        raise NotFound("中介机构不存在", {"id": "不存在"})
    return agency


def apply(uow, body: dict, actor: Actor, corr: str | None = None, now: datetime | None = None) -> dict:
    agency = rules.new_application(body, actor, _now(now))
    with uow:
        uow.agencies.add(agency)
        uow.commit()
    return agency


def get(uow, agency_id: str, actor: Actor) -> dict:
    if actor.role not in rules.READERS:
        raise NotAllowed("无权查看中介机构档案")
    with uow:
        return load(uow, agency_id)


def list_agencies(uow, actor: Actor, statuses: list[str] | None, page: int, size: int):
    if actor.role not in rules.READERS:
        raise NotAllowed("无权查看中介机构档案")
    with uow:
        return uow.agencies.by_status(statuses, (page - 1) * size, size)


def decide(uow, agency_id: str, action: str, actor: Actor, reason: str | None = None,
           corr: str | None = None, now: datetime | None = None) -> dict:
    now = _now(now)
    with uow:
        agency = load(uow, agency_id)
        version = agency["version"]
        apply_decision(uow, agency, action, actor, reason, corr, now)
        uow.agencies.save(agency, version)
        uow.commit()
    return agency


def apply_decision(uow, agency: dict, action: str, actor: Actor, reason: str | None,
                   corr: str | None, now: datetime) -> None:
    """One licence decision inside an open unit of work, and the event other services act on
    (jobs withdraws a suspended or revoked agency's postings; rights knows whom it refers to)."""
    at = utc_iso(now)
    if action == "review":
        rules.start_review(agency, actor, now)
    elif action == "approve":
        rules.approve(agency, actor, now, license_number(now.year, uow.counters.next("license", now.year)))
        publish(uow, "agency.licensed", agency, rules.licensed_event_data(agency, at), actor, corr)
    elif action == "reject":
        rules.reject(agency, actor, now, reason)
    elif action == "renew":
        rules.renew(agency, actor, now)
        publish(uow, "agency.renewed", agency, rules.licensed_event_data(agency, at), actor, corr)
    elif action == "reinstate":
        rules.reinstate(agency, actor, now, reason)
        publish(uow, "agency.reinstated", agency, rules.licensed_event_data(agency, at), actor, corr)
    elif action in ("suspend", "revoke"):
        if not reason:
            raise InvalidField("须说明理由", {"reason": "必填"})
        getattr(rules, action)(agency, actor, now, reason)
        publish(uow, {"suspend": "agency.suspended", "revoke": "agency.revoked"}[action], agency,
                rules.status_event_data(agency, reason, at), actor, corr)
    else:
        raise InvalidField("未知的操作", {"action": action})


def change(uow, agency_id: str, body: dict, actor: Actor, now: datetime | None = None) -> dict:
    now = _now(now)
    with uow:
        agency = load(uow, agency_id)
        version = agency["version"]
        rules.change(agency, body, actor, now)
        uow.agencies.save(agency, version)
        uow.commit()
    return agency


def record_business_license(uow, agency_id: str, body: dict, actor: Actor,
                            now: datetime | None = None) -> dict:
    now = _now(now)
    with uow:
        agency = load(uow, agency_id)
        version = agency["version"]
        rules.record_business_license(agency, body, actor, now)
        uow.agencies.save(agency, version)
        uow.commit()
    return agency


def expire_due(uow, today: date | None = None, now: datetime | None = None) -> list[str]:
    """The worker's daily tick (and `python -m services.licensing.expire`): every licence whose
    valid_until has passed becomes expired, once, with its event."""
    now = _now(now)
    today = today or now.date()
    expired = []
    with uow:
        for agency in uow.agencies.due_for_expiry(today.isoformat()):
            if not rules.is_due(agency, today):
                continue
            version = agency["version"]
            rules.expire(agency, SYSTEM, now)
            publish(uow, "agency.expired", agency,
                    rules.status_event_data(agency, agency["log"][-1]["reason"], utc_iso(now)), SYSTEM, None)
            uow.agencies.save(agency, version)
            expired.append(agency["_id"])
        uow.commit()
    return expired


def verify_public(uow, q: str) -> dict:
    """No login: anyone may ask whether an agency is licensed."""
    q = (q or "").strip()
    if len(q) < 2 or len(q) > 60:
        raise InvalidField("请输入 2-60 个字的机构名称或许可证号", {"q": "须为 2-60 个字"})
    with uow:
        return verify(uow.agencies.search_public(q), q)
