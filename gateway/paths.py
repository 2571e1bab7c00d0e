"""The path the gateway forwards to a service, made safe: a request for
/api/<service>/<path> or /ui/<service>/<path> reaches that service's own prefix and nothing
else. The server has already percent-decoded the path once, so `..%2F` arrives as `../`."""
from urllib.parse import quote

from services.common.errors import ApiError

# A segment is forwarded re-encoded, so only these need refusing outright: dot segments
# (a client or server normalising them would climb out of the prefix), a backslash (some
# servers read it as a slash), "%" left after one decoding (double encoding), control chars.
_REFUSED_SEGMENTS = {".", ".."}


def safe_upstream_path(path: str) -> str:
    """`path` (after /api/<service>/ or /ui/<service>/) re-encoded segment by segment, or a 400."""
    if not path:
        return ""
    segments = path.split("/")
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if (seg in _REFUSED_SEGMENTS or (seg == "" and not last) or "\\" in seg or "%" in seg
                or any(ord(c) < 0x20 or ord(c) == 0x7F for c in seg)):
            raise ApiError(400, "invalid_path", "请求路径无效", {"path": "含有不允许的路径片段"})
    # re-encoded, so that a decoded "?", "#" or ";" stays part of its segment upstream
    return "/".join(quote(seg, safe="") for seg in segments)
