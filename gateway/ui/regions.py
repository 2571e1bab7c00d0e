"""The name of a user's region for the shell's header, from the registry's public region list
(services/common/ui/region_list.py); the bare code while the registry cannot answer."""
from flask import current_app

from services.common.ui.region_list import RegionList

_regions = RegionList()


def names() -> dict[str, str]:
    data = _regions.get(current_app.config["GATEWAY"].service_urls["registry"])
    names = {"": data["county"]["name"]} if data.get("county") else {}  # "": no region code
    for town in data.get("townships", []):
        names[town["code"]] = town["name"]
        for village in town.get("villages", []):
            names[village["code"]] = f'{town["name"]} {village["name"]}'
    return names


def region_name(code: str | None) -> str:
    """A region's name; the county's for county-wide users (no code)."""
    return names().get(code or "", code or "内乡县")
