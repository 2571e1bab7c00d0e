"""The county's region list for pages outside the registry. The registry owns regions and lists
them publicly (GET /api/registry/regions); a process asks it, keeps the answer ten minutes, and
keeps the last good answer (or nothing) while the registry cannot answer."""
import threading
import time

import requests

TTL_S = 600


class RegionList:
    def __init__(self, ttl_s: float = TTL_S):
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._at = 0.0
        self._data: dict | None = None

    def get(self, registry_url: str) -> dict:
        """{"county": {...}, "townships": [{code, name, villages: [...]}]}, or {} if never fetched."""
        with self._lock:
            if self._data is not None and time.monotonic() - self._at < self.ttl_s:
                return self._data
        try:
            fresh = requests.get(f"{registry_url}/api/registry/regions", timeout=(2.0, 5.0)).json()
            if not _well_formed(fresh):
                raise ValueError("not a region list")
        except (requests.RequestException, ValueError):
            return self._data or {}
        with self._lock:
            self._at, self._data = time.monotonic(), fresh
        return fresh


def _well_formed(data) -> bool:
    """The shape the pages read: a county with code and name, townships (and their villages)
    each with code and name."""
    try:
        county = data.get("county")
        if county is not None and not (county["code"] and county["name"]):
            return False
        return all(t["code"] and t["name"] and all(v["code"] and v["name"] for v in t.get("villages", []))
                   for t in data.get("townships", []))
    except (AttributeError, KeyError, TypeError):
        return False
