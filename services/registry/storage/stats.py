"""Statistics counted over the records: one MongoDB aggregation per classification, over the
actor's scope. Requests read the village rollups instead (rollups.py) unless filters other than
the region narrow them; this is also the recount the rollups are tested against."""
from ..domain.stats import band_bounds
from .persons import ACTIVE, criteria_query, flat, region_index


def _key(group_by: str, today):
    if group_by == "township":
        return "$township_code"
    if group_by == "village":
        return "$village_code"
    if group_by in ("sex", "education", "status"):
        return f"${group_by}"
    if group_by == "industry":
        return "$intended_industries"
    if group_by == "organization":
        return {"$cond": [{"$ne": ["$status", "migrant"]}, "none",
                          {"$cond": ["$employment.organized", "organized", "self"]}]}
    if group_by == "training_intention":
        return {"$cond": [{"$in": [{"$ifNull": ["$training_intention", ""]}, [""]]}, "no", "yes"]}
    if group_by == "age_band":
        return {"$switch": {"branches": [
            {"case": {"$and": [{"$gt": ["$birth_date", after]}, {"$lte": ["$birth_date", upto]}]},
             "then": code} for code, after, upto in band_bounds(today)], "default": "other"}}
    raise ValueError(group_by)


def counts(db, scope: dict, criteria: dict, group_by: str, today) -> list[tuple]:
    match = flat(criteria_query(criteria), scope)
    pipeline = [{"$match": flat(region_index(match), match, ACTIVE)},
                {"$project": {"k": _key(group_by, today), "sex": 1}}]
    if group_by == "industry":
        pipeline.append({"$unwind": "$k"})
    pipeline.append({"$group": {"_id": "$k", "n": {"$sum": 1},
                                "m": {"$sum": {"$cond": [{"$eq": ["$sex", "male"]}, 1, 0]}}}})
    return [(d["_id"], d["n"], d["m"], d["n"] - d["m"]) for d in db.persons.aggregate(pipeline)]
