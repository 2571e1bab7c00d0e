"""Use cases of 监督检查 and 双随机一公开: record an inspection (its deductions in the same
transaction), its follow-up, a recorded random draw and its re-run, the published results."""
import secrets
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed, NotFound

from ..domain import inspection as rules
from ..domain import random_draw
from ..domain.agency import READERS
from .agencies import load
from .scoring import _deduct


def _now(now):
    return now or datetime.now(timezone.utc)


def record(uow, agency_id: str, body: dict, actor: Actor, corr: str | None = None,
           now: datetime | None = None) -> dict:
    now = _now(now)
    with uow:
        agency = load(uow, agency_id)
        version = agency["version"]
        inspection = rules.new_inspection(body, agency, actor, now)
        if inspection["draw_id"]:
            draw = uow.draws.get(inspection["draw_id"])
            if draw is None or agency_id not in [p["agency_id"] for p in draw["picks"]]:
                raise InvalidField("该机构不在这次随机抽查名单中", {"draw_id": "不匹配"})
        inspection["deductions"] = [
            d for d in (_deduct(uow, agency, code, "inspection", inspection["_id"],
                                f"{inspection['inspected_on']} 检查:{inspection['findings'][:100]}",
                                actor, now, corr)
                        for code in inspection["deduction_rules"]) if d]
        uow.inspections.add(inspection)
        uow.agencies.save(agency, version)
        uow.commit()
    return inspection


def follow_up(uow, inspection_id: str, body: dict, actor: Actor, corr: str | None = None,
              now: datetime | None = None) -> dict:
    """Rectification recorded; late or not rectified costs the follow_up_missed points."""
    now = _now(now)
    with uow:
        inspection = uow.inspections.get(inspection_id)
        if inspection is None:
            raise NotFound("检查记录不存在", {"id": "不存在"})
        rules.record_follow_up(inspection, body, actor, now)
        fu = inspection["follow_up"]
        if fu["late"] or not fu["rectified"]:
            agency = load(uow, inspection["agency_id"])
            version = agency["version"]
            _deduct(uow, agency, "follow_up_missed", "inspection", inspection_id + ":follow_up",
                    "逾期未整改" if fu["late"] else "未整改到位", actor, now, corr)
            uow.agencies.save(agency, version)
        uow.inspections.save(inspection, inspection["version"])
        uow.commit()
    return inspection


def of_agency(uow, agency_id: str, actor: Actor) -> list[dict]:
    if actor.role not in READERS:
        raise NotAllowed("无权查看检查记录")
    with uow:
        return uow.inspections.of_agency(agency_id)


def draw(uow, body: dict, actor: Actor, now: datetime | None = None) -> dict:
    """The seed is the county's own or a fresh random one; either way it is recorded."""
    now = _now(now)
    seed = body.get("seed", secrets.randbelow(2**53))
    with uow:
        record_ = random_draw.new_draw(uow.agencies.licensed_ids(), body, actor, now, seed)
        uow.draws.add(record_)
        uow.commit()
    return record_


def published_draws(uow, limit: int = 20) -> list[dict]:
    """双随机一公开 for the public page: each draw with its seed, whether re-running it gives
    the same picks, and each picked agency's inspection result once recorded."""
    with uow:
        draws = uow.draws.recent(limit)
        out = []
        for d in draws:
            results = {i["agency_id"]: i for i in uow.inspections.of_draw(d["_id"])}
            picks = []
            for p in d["picks"]:
                agency = uow.agencies.get(p["agency_id"])
                done = results.get(p["agency_id"])
                picks.append({"agency_name": agency["name"] if agency else "",
                              "license_number": agency.get("license_number") if agency else None,
                              "inspectors": p["inspectors"],
                              "result": done["result"] if done else None,
                              "inspected_on": done["inspected_on"] if done else None,
                              "points_deducted": sum(x["points"] for x in done.get("deductions", [])) if done else None})
            out.append({"id": d["_id"], "seed": d["seed"], "drawn_at": d["drawn_at"],
                        "agency_pool_size": len(d["agency_pool"]),
                        "inspector_pool": d["inspector_pool"], "picks": picks,
                        "reproducible": random_draw.rerun(d) == d["picks"]})
        return out


def rerun(uow, draw_id: str) -> dict:
    with uow:
        d = uow.draws.get(draw_id)
    if d is None:
        raise NotFound("抽查记录不存在", {"id": "不存在"})
    again = random_draw.rerun(d)
    return {"id": draw_id, "seed": d["seed"], "picks": again, "same": again == d["picks"]}
