"""双随机一公开: agencies and inspectors drawn at random from their pools. The pools are sorted
and the generator seeded, so anyone with the recorded seed and pools gets the same draw. Pure."""
import random
import uuid
from datetime import datetime

from services.common.domain.actor import Actor
from services.common.domain.errors import InvalidField, NotAllowed

DRAWERS = ("county_admin",)
DRAW_SCHEMA = {"type": "object", "additionalProperties": False,
               "required": ["agencies", "inspectors", "inspector_pool"],
               "properties": {"agencies": {"type": "integer", "minimum": 1, "maximum": 100},
                              "inspectors": {"type": "integer", "minimum": 2, "maximum": 5},
                              "inspector_pool": {"type": "array", "minItems": 2, "maxItems": 100,
                                                 "items": {"type": "string", "minLength": 2,
                                                           "maxLength": 30}},
                              "seed": {"type": "integer", "minimum": 0, "maximum": 2**53}}}


def run_draw(agency_pool: list[str], inspector_pool: list[str], agencies: int, inspectors: int,
             seed: int) -> list[dict]:
    """[{agency_id, inspectors}]: the same inputs always give the same result."""
    rng = random.Random(seed)
    chosen = rng.sample(sorted(agency_pool), min(agencies, len(agency_pool)))
    return [{"agency_id": a, "inspectors": rng.sample(sorted(inspector_pool), inspectors)}
            for a in chosen]


def new_draw(agency_pool: list[str], body: dict, actor: Actor, now: datetime, seed: int) -> dict:
    if actor.role not in DRAWERS:
        raise NotAllowed("无权组织随机抽查")
    pool = sorted(set(body["inspector_pool"]))
    if len(pool) < body["inspectors"]:
        raise InvalidField("检查人员库人数少于每组人数", {"inspector_pool": f"至少 {body['inspectors']} 人"})
    if not agency_pool:
        raise InvalidField("没有可抽取的已许可机构", {"agencies": "机构库为空"})
    return {"_id": uuid.uuid4().hex, "seed": seed, "agency_pool": sorted(agency_pool),
            "inspector_pool": pool, "agencies": body["agencies"], "inspectors": body["inspectors"],
            "picks": run_draw(agency_pool, pool, body["agencies"], body["inspectors"], seed),
            "drawn_at": now, "drawn_by": actor.audit()}


def rerun(draw: dict) -> list[dict]:
    return run_draw(draw["agency_pool"], draw["inspector_pool"], draw["agencies"],
                    draw["inspectors"], draw["seed"])
