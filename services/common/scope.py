"""Region scope as MongoDB filters: the storage side of domain.roles.in_region, used by each
repository's named scope queries (e.g. persons.visible_to(actor))."""
from .domain.actor import Actor
from .domain.roles import COUNTY_WIDE

NOTHING = {"_id": {"$exists": False}}


def region_query(actor: Actor, township_field: str = "township_code",
                 village_field: str = "village_code") -> dict:
    """{} for the whole county; the actor's township or village otherwise; nothing for roles
    with no region rights."""
    if actor.role in COUNTY_WIDE:
        return {}
    if actor.role == "township_staff" and actor.region_code:
        return {township_field: actor.region_code}
    if actor.role == "village_liaison" and actor.region_code:
        return {village_field: actor.region_code}
    return dict(NOTHING)


def and_(*filters: dict) -> dict:
    parts = [f for f in filters if f]
    if not parts:
        return {}
    return parts[0] if len(parts) == 1 else {"$and": parts}
