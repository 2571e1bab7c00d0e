"""Public list of the county's townships and villages."""
from flask import Blueprint, current_app

from ..storage.regions import region_tree

bp = Blueprint("regions", __name__, url_prefix="/api/registry")


@bp.get("/regions")
def regions():
    """县、乡镇、村区划(公开)。"""
    docs = region_tree(current_app.extensions["registry"].db)
    county = next((d for d in docs if d["level"] == "county"), None)
    towns = [d for d in docs if d["level"] == "township"]
    villages = [d for d in docs if d["level"] == "village"]
    return {
        "county": {"code": county["_id"], "name": county["name"]} if county else None,
        "townships": [{"code": t["_id"], "name": t["name"],
                       "villages": [{"code": v["_id"], "name": v["name"],
                                     "short_name": v.get("short_name", v["name"])}
                                    for v in villages if v["parent"] == t["_id"]]}
                      for t in towns],
    }
