"""The name of a user's region for the shell's header. The registry owns regions and lists
them publicly (GET /api/registry/regions); the gateway asks it, keeps the answer ten minutes,
and shows the bare code while the registry cannot answer."""
import threading
import time

import requests
from flask import current_app

TTL_S = 600
_lock = threading.Lock()
_cache: dict = {"at": 0.0, "names": None}


def _fetch() -> dict[str, str]:
    base = current_app.config["GATEWAY"].service_urls["registry"]
    data = requests.get(f"{base}/api/registry/regions", timeout=(2.0, 5.0)).json()
    names = {"": data["county"]["name"]} if data.get("county") else {}  # "": no region code
    for town in data.get("townships", []):
        names[town["code"]] = town["name"]
        for village in town.get("villages", []):
            names[village["code"]] = f'{town["name"]} {village["name"]}'
    return names


def names() -> dict[str, str]:
    with _lock:
        if _cache["names"] is not None and time.monotonic() - _cache["at"] < TTL_S:
            return _cache["names"]
    try:
        fresh = _fetch()
    except (requests.RequestException, ValueError, KeyError, TypeError):
        return _cache["names"] or {}
    with _lock:
        _cache.update(at=time.monotonic(), names=fresh)
    return fresh


def region_name(code: str | None) -> str:
    """A region's name; the county's for county-wide users (no code)."""
    return names().get(code or "", code or "内乡县")
