"""Township names for evaluation's pages, from the registry's public region list
(services/common/ui/region_list.py); bare codes while the registry cannot answer."""
from services.common.config import env
from services.common.ui.region_list import RegionList

_regions = RegionList()


def township_names() -> dict[str, str]:
    """code -> name, in the registry's order (townships as the county lists them)."""
    data = _regions.get(env("REGISTRY_URL", "http://127.0.0.1:8101"))
    names = {data["county"]["code"]: data["county"]["name"]} if data.get("county") else {}
    names.update({t["code"]: t["name"] for t in data.get("townships", [])})
    return names
