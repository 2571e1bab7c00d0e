"""Township names for evaluation's pages. The registry owns the regions table and lists it
publicly (GET /api/registry/regions, the same list the browser pages once fetched); this
process asks it once every ten minutes and shows bare codes while it cannot answer."""
import threading
import time

import requests

from services.common.config import env

TTL_S = 600
_lock = threading.Lock()
_cache: dict = {"at": 0.0, "names": None}


def _fetch() -> dict[str, str]:
    base = env("REGISTRY_URL", "http://127.0.0.1:8101")
    data = requests.get(f"{base}/api/registry/regions", timeout=(2.0, 5.0)).json()
    names = {data["county"]["code"]: data["county"]["name"]} if data.get("county") else {}
    names.update({t["code"]: t["name"] for t in data.get("townships", [])})
    return names


def township_names() -> dict[str, str]:
    """code -> name, in the registry's order (townships as the county lists them)."""
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
