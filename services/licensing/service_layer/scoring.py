"""Use cases of the 100-point scoring: the rule table, deductions (inspection, substantiated
complaint, ad violation), threshold proposals an officer confirms, the yearly ranking."""
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import Duplicate, InvalidField, NotAllowed, NotFound
from services.common.events.envelope import utc_iso

from ..domain import scoring
from .agencies import apply_decision, load, publish

RIGHTS = Actor(id="rights-service", username="rights", role="system", department="labor")


def _now(now):
    return now or datetime.now(timezone.utc)


def seed_rules(uow) -> int:
    """The default table, once: later edits by the county office are never overwritten."""
    with uow:
        existing = uow.rules.all()
        added = 0
        for rule in scoring.DEFAULT_RULES:
            if rule["code"] not in existing:
                uow.rules.put(dict(rule, active=True))
                added += 1
        uow.commit()
    return added


def list_rules(uow, actor: Actor) -> list[dict]:
    if actor.role not in scoring.RULE_READERS:
        raise NotAllowed("无权查看扣分规则")
    with uow:
        return list(uow.rules.all().values())


def put_rule(uow, code: str | None, body: dict, actor: Actor, now: datetime | None = None) -> dict:
    """Create (code in body) or edit (code in the URL) a rule; the change is attributed."""
    if actor.role not in scoring.RULE_EDITORS:
        raise NotAllowed("只有县劳务办可以修改扣分规则")
    with uow:
        rules = uow.rules.all()
        if code is None:
            code = body["code"]
            if code in rules:
                raise Duplicate("规则代码已存在", {"code": "已存在"})
            rule = {"active": True}
        elif code not in rules:
            raise NotFound("扣分规则不存在", {"code": "不存在"})
        else:
            rule = rules[code]
        rule.update({k: v for k, v in body.items() if k != "code"})
        rule.update({"code": code, "updated_at": _now(now), "updated_by": actor.audit()})
        uow.rules.put(rule)
        uow.commit()
    return rule


def _deduct(uow, agency: dict, rule_code: str, source: str, source_id: str | None, note: str,
            actor: Actor, now: datetime, corr: str | None) -> dict:
    """Inside an open unit of work: the deduction, its score_changed event; {} if already counted."""
    rule = scoring.rule_of(uow.rules.all(), rule_code)
    deduction = scoring.deduct(agency, rule, source, source_id, note, actor, now)
    if deduction:
        publish(uow, "agency.score_changed", agency,
                {"agency_id": agency["_id"], "year": now.year, "score": agency["score"],
                 "delta": -deduction["points"], "reason": f"{rule['title']}({rule['clause']})",
                 "rule_code": rule_code, "source": source, "at": utc_iso(now)}, actor, corr)
    return deduction


def deduct(uow, agency_id: str, body: dict, actor: Actor, corr: str | None = None,
           now: datetime | None = None) -> dict:
    """A deduction by hand (an ad published without filing, false information, ...)."""
    if actor.role not in scoring.RULE_EDITORS:
        raise NotAllowed("无权扣分")
    now = _now(now)
    with uow:
        agency = load(uow, agency_id)
        if agency.get("license_number") is None:
            raise InvalidField("该机构尚未取得许可证", {"agency_id": "尚未许可"})
        version = agency["version"]
        deduction = _deduct(uow, agency, body["rule_code"], body.get("source", "manual"), None,
                            body["note"], actor, now, corr)
        uow.agencies.save(agency, version)
        uow.commit()
    return deduction


def on_case_closed(uow, event: dict) -> dict | None:
    """rights' case.closed: a substantiated case against a licensed agency costs it points."""
    data = event["data"]
    if data["respondent_type"] != "agency" or not data["substantiated"] or not data.get("respondent_id"):
        return None
    agency = uow.agencies.get(data["respondent_id"])
    if agency is None or agency.get("license_number") is None:
        return None  # unknown to licensing: nothing to deduct from
    now = datetime.now(timezone.utc)
    version = agency["version"]
    deduction = _deduct(uow, agency, "complaint_substantiated", "complaint", data["case_id"],
                        f"维权中心案件查实({data.get('category', '')})", RIGHTS, now,
                        event.get("correlation_id"))
    if deduction:
        uow.agencies.save(agency, version)
    uow.commit()
    return deduction


def decide_proposal(uow, agency_id: str, proposal_id: str, confirm: bool, reason: str,
                    actor: Actor, corr: str | None = None, now: datetime | None = None) -> dict:
    """Confirming a proposal suspends or revokes the licence (with its event) in the same
    transaction; dismissing keeps the licence; both record the deciding officer."""
    now = _now(now)
    with uow:
        agency = load(uow, agency_id)
        version = agency["version"]
        proposal = scoring.pending_proposal(agency, proposal_id)
        scoring.decide_proposal(proposal, confirm, actor, now, reason)
        if confirm:
            why = f"百分制管理得分 {proposal['score']} 分,低于 {proposal['threshold']} 分:{reason}"
            apply_decision(uow, agency, proposal["action"], actor, why, corr, now)
        uow.agencies.save(agency, version)
        uow.commit()
    return agency


def ranking(uow, year: int, actor: Actor) -> list[dict]:
    if actor.role not in scoring.RULE_READERS:
        raise NotAllowed("无权查看排名")
    with uow:
        return scoring.ranking(uow.agencies.with_license(), year)
