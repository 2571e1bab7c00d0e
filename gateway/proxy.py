"""Routes /api/<service>/... to the service, passing the token, the request id and the client
address on; a service that is down gives 502, one that is too slow 504, both as JSON."""
import logging

import requests
from flask import Blueprint, Response, current_app, g, request

from services.common.errors import ApiError

from .config import SERVICES

log = logging.getLogger("gateway.proxy")
bp = Blueprint("proxy", __name__)

# (service, path prefix after /api/<service>/) -> seconds; the longest matching prefix wins.
ROUTE_TIMEOUTS = {
    ("registry", "imports"): 120.0,
    ("registry", "exports"): 120.0,
    ("evaluation", "reports"): 60.0,
}
DEFAULT_TIMEOUT = 10.0
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailers", "transfer-encoding", "upgrade", "content-length", "content-encoding",
              "host"}
_session = requests.Session()
_session.mount("http://", requests.adapters.HTTPAdapter(pool_connections=10, pool_maxsize=32))


def timeout_for(service: str, path: str) -> float:
    best, length = DEFAULT_TIMEOUT, -1
    for (svc, prefix), seconds in ROUTE_TIMEOUTS.items():
        if svc == service and path.startswith(prefix) and len(prefix) > length:
            best, length = seconds, len(prefix)
    return current_app.config.get("PROXY_TIMEOUT_OVERRIDE") or best


@bp.route("/api/<service>/", defaults={"path": "", "area": "api"},
          methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@bp.route("/api/<service>/<path:path>", defaults={"area": "api"},
          methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
# a service's pages (/ui/<service>/...), framed by the shell; read-only, so GET only
@bp.get("/ui/<service>/<path:path>", defaults={"area": "ui"})
def forward(service: str, path: str, area: str):
    if service not in SERVICES:
        raise ApiError(404, "not_found", "没有这个服务")
    base = current_app.config["GATEWAY"].service_urls[service]
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
    headers["X-Request-ID"] = g.request_id
    prior = request.headers.get("X-Forwarded-For")
    headers["X-Forwarded-For"] = f"{prior}, {request.remote_addr}" if prior else (request.remote_addr or "")
    try:
        upstream = _session.request(
            request.method, f"{base}/{area}/{service}/{path}", params=request.query_string,
            data=request.get_data(cache=False), headers=headers,
            timeout=(2.0, timeout_for(service, path)), allow_redirects=False)
    except requests.Timeout:
        log.warning("upstream %s timed out", service)
        raise ApiError(504, "upstream_timeout", f"服务 {service} 响应超时,请稍后再试")
    except requests.ConnectionError:
        log.warning("upstream %s unreachable", service)
        raise ApiError(502, "upstream_unavailable", f"服务 {service} 暂不可用,请稍后再试")
    out = Response(upstream.content, status=upstream.status_code)
    for k, v in upstream.headers.items():
        if k.lower() not in HOP_BY_HOP:
            out.headers[k] = v
    return out
