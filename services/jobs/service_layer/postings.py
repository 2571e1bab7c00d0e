"""Use cases on job postings: draft, submit, review (approve with a filing number / reject),
withdraw, expire; and the licensed-agency table kept from licensing's events."""
from datetime import date, datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import NotAllowed, NotFound
from services.common.events.envelope import new_event

from .. import events  # noqa: F401  (registers the jobs service's event contracts)
from ..domain import posting as rules
from ..domain.agency import STOP_LABELS, STOPPING, apply_agency_event, require_licensed
from ..domain.roles import KEEPERS, READERS, REVIEWERS

SYSTEM = Actor(id="system", username="system", role="system")


def _now(now):
    return now or datetime.now(timezone.utc)


def _must(actor: Actor, roles, what: str) -> None:
    if actor.role not in roles:
        raise NotAllowed(f"角色“{actor.role}”无权{what}")


def _posting(uow, posting_id: str) -> dict:
    p = uow.postings.get(posting_id)
    if p is None:
        raise NotFound("招聘信息不存在", {"id": "不存在"})
    return p


def _check_agency(uow, posting: dict, today: date) -> dict | None:
    if not posting.get("agency_id"):
        return None
    agency = uow.agencies.get(posting["agency_id"])
    require_licensed(agency, today)
    return agency


def create_posting(uow, body: dict, actor: Actor, now: datetime | None = None) -> dict:
    _must(actor, KEEPERS, "录入招聘信息")
    now = _now(now)
    with uow:
        employer = uow.employers.get(body["employer_id"])
        if employer is None:
            raise NotFound("用工单位不存在", {"employer_id": "不存在"})
        agency = _check_agency(uow, body, now.date())
        posting = rules.new_posting(body, employer, agency, actor, now)
        uow.postings.add(posting)
        uow.commit()
    return posting


def get_posting(uow, posting_id: str, actor: Actor) -> dict:
    _must(actor, READERS, "查看招聘信息")
    with uow:
        return _posting(uow, posting_id)


def list_postings(uow, actor: Actor, filters: dict, page: int, size: int):
    _must(actor, READERS, "查看招聘信息")
    with uow:
        return uow.postings.page(filters, (page - 1) * size, size)


def review_queue(uow, actor: Actor, page: int, size: int):
    _must(actor, REVIEWERS, "审核招聘信息")
    with uow:
        return uow.postings.page(uow.postings.review_queue(), (page - 1) * size, size)


def _save(uow, posting: dict, version: int) -> int:
    uow.postings.save(posting, version)
    return posting["version"]


def submit(uow, posting_id: str, actor: Actor, now: datetime | None = None) -> dict:
    _must(actor, KEEPERS, "提交招聘信息")
    now = _now(now)
    with uow:
        posting = _posting(uow, posting_id)
        version = posting["version"]
        _check_agency(uow, posting, now.date())
        rules.transition(posting, "submit", actor, now)
        _save(uow, posting, version)
        uow.commit()
    return posting


def review(uow, posting_id: str, decision: str, reason: str | None, actor: Actor,
           correlation_id: str | None = None, now: datetime | None = None) -> dict:
    """The county office approves (files and publishes) or rejects a submitted posting."""
    _must(actor, REVIEWERS, "审核招聘信息")
    now = _now(now)
    with uow:
        posting = _posting(uow, posting_id)
        version = posting["version"]
        if decision == "approve":
            _check_agency(uow, posting, now.date())
            rules.POSTING_FLOW.next_state(posting["status"], "approve")  # refuse before numbering
            number = rules.filing_number(now.year, uow.postings.next_filing_seq(now.year))
            rules.approve(posting, number, actor, now, reason)
            new_version = _save(uow, posting, version)
            uow.publish(new_event("posting.published", "jobs", posting_id,
                                  rules.published_event_data(posting, new_version), actor.audit(),
                                  correlation_id))
        else:
            rules.transition(posting, "reject", actor, now, reason)
            _save(uow, posting, version)
        uow.commit()
    return posting


def act(uow, posting_id: str, action: str, reason: str | None, actor: Actor,
        correlation_id: str | None = None, now: datetime | None = None) -> dict:
    """withdraw or revise (a rejected posting back to draft)."""
    _must(actor, KEEPERS, "变更招聘信息")
    now = _now(now)
    with uow:
        posting = _posting(uow, posting_id)
        _apply(uow, posting, action, reason, actor, correlation_id, now)
        uow.commit()
    return posting


def _apply(uow, posting: dict, action: str, reason, actor: Actor, correlation_id, now: datetime) -> None:
    version, was = posting["version"], posting["status"]
    rules.transition(posting, action, actor, now, reason)
    new_version = _save(uow, posting, version)
    if was == "published" and action in ("withdraw", "expire"):
        # the index and other services learn that it is no longer offered
        uow.publish(new_event("posting.withdrawn", "jobs", posting["_id"],
                              rules.withdrawn_event_data(posting, posting["log"][-1]["reason"] or action,
                                                         now, new_version),
                              actor.audit(), correlation_id))


def expire_postings(uow, now: datetime | None = None) -> list[str]:
    """Published postings past their end date stop being offered (run by the worker daily)."""
    now = _now(now)
    with uow:
        due = uow.postings.past_end(now.date().isoformat())
        for posting in due:
            _apply(uow, posting, "expire", "有效期已过", SYSTEM, None, now)
        uow.commit()
    return [p["_id"] for p in due]


def on_agency_event(uow, event: dict) -> list[str]:
    """licensing's agency.* events: keep the local table; a suspended, revoked or expired
    agency's postings are withdrawn at once."""
    withdrawn = []
    with uow:
        agency = apply_agency_event(uow.agencies.get(event["data"]["agency_id"]), event)
        uow.agencies.put(agency)
        if event["type"] in STOPPING:
            reason = f"中介机构许可{STOP_LABELS[event['type']]}:{event['data']['reason']}"
            now = datetime.now(timezone.utc)
            for posting in uow.postings.active_of_agency(agency["_id"]):
                _apply(uow, posting, "withdraw", reason, SYSTEM, event.get("correlation_id"), now)
                withdrawn.append(posting["_id"])
        uow.commit()
    return withdrawn
