"""Routes /api/<service>/... and /ui/<service>/... to the service, passing the token, the
request id and the client address on; a service that is down gives 502, one that is too slow
504 (JSON for the API, a page for /ui/).

A browser's session cookie becomes a short-lived bearer token here (gateway/session.py): for
every /ui/ request, and for /api/ requests that bring the cookie and no Authorization header.
Such requests must carry the session's CSRF token when they change state; the service gets it
in X-CSRF-Token to render into its forms. The cookie itself never reaches a service."""
import logging

import requests
from flask import Blueprint, Response, current_app, g, jsonify, request

from services.common.errors import ApiError, error_body

from . import session as sessions
from .config import SERVICES
from .auth.bearer import refuse_revoked_bearer
from .paths import safe_upstream_path

log = logging.getLogger("gateway.proxy")
bp = Blueprint("proxy", __name__)

# (service, path prefix after /api/<service>/) -> seconds; the longest matching prefix wins.
ROUTE_TIMEOUTS = {
    ("registry", "imports"): 120.0,
    ("registry", "exports"): 120.0,
    ("evaluation", "reports"): 60.0,
}
DEFAULT_TIMEOUT = 10.0
# uploads larger than the 1 MiB body limit: (service, path after /api|ui/<service>/) -> bytes
UPLOAD_LIMITS = {("registry", "imports"): 64 * 1024 * 1024}  # a 100,000-row ledger is ~10 MB
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailers", "transfer-encoding", "upgrade", "content-length", "content-encoding",
              "host"}
# set by the gateway only: a client's own copy is dropped (the session id stays here, and a
# service trusts X-CSRF-Token to be the session's)
NOT_FORWARDED = HOP_BY_HOP | {"cookie", sessions.CSRF_HEADER.lower()}
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
_session = requests.Session()
# The services are internal addresses: no proxy, .netrc or CA bundle from the environment.
# Looking them up walked os.environ on every forwarded request (~1 ms of the gateway's CPU).
_session.trust_env = False
_session.mount("http://", requests.adapters.HTTPAdapter(pool_connections=10, pool_maxsize=32))


def timeout_for(service: str, path: str) -> float:
    best, length = DEFAULT_TIMEOUT, -1
    for (svc, prefix), seconds in ROUTE_TIMEOUTS.items():
        if svc == service and path.startswith(prefix) and len(prefix) > length:
            best, length = seconds, len(prefix)
    return current_app.config.get("PROXY_TIMEOUT_OVERRIDE") or best


def session_headers(area: str) -> dict:
    """Authorization and X-CSRF-Token for a request that relies on the session cookie."""
    if area == "api" and request.headers.get("Authorization"):
        return {}  # an API client with its own token: no cookie, no CSRF
    session = sessions.current()
    if session is None:
        return {}  # anonymous: public pages and APIs answer, the others say 401
    if sessions.csrf_required(request.method) and not sessions.csrf_valid(
            session, sessions.submitted_csrf()):
        raise ApiError(403, "csrf_failed", "页面已过期或来源不明,请刷新页面后重新提交",
                       {sessions.CSRF_FIELD: "缺失或不正确"})
    token = current_app.extensions["forward_tokens"].token_for(session)
    return {"Authorization": f"Bearer {token}", sessions.CSRF_HEADER: session.csrf_token}


@bp.route("/api/<service>/", defaults={"path": "", "area": "api"}, methods=METHODS)
@bp.route("/api/<service>/<path:path>", defaults={"area": "api"}, methods=METHODS)
# a service's pages (/ui/<service>/...), framed by the shell: GET, and POST for their forms
@bp.route("/ui/<service>/<path:path>", defaults={"area": "ui"}, methods=["GET", "POST"])
def forward(service: str, path: str, area: str):
    if service not in SERVICES:
        raise ApiError(404, "not_found", "没有这个服务")
    path = safe_upstream_path(path)  # before anything is forwarded (encoded ../ and the like)
    if request.method == "POST" and (service, path) in UPLOAD_LIMITS:
        request.max_content_length = UPLOAD_LIMITS[(service, path)]  # before the body is read
    refuse_revoked_bearer()  # revocation holds at once here; the services' lists follow by event
    base = current_app.config["GATEWAY"].service_urls[service]
    headers = {k: v for k, v in request.headers.items() if k.lower() not in NOT_FORWARDED}
    headers.update(session_headers(area))
    headers["X-Request-ID"] = g.request_id
    prior = request.headers.get("X-Forwarded-For")
    headers["X-Forwarded-For"] = f"{prior}, {request.remote_addr}" if prior else (request.remote_addr or "")
    try:
        upstream = _session.request(
            request.method, f"{base}/{area}/{service}/{path}", params=request.query_string,
            data=request.get_data(cache=True), headers=headers,
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


@bp.errorhandler(ApiError)
def _error(e: ApiError):
    """Pages get a page (a form post refused for CSRF, a service down); the API its JSON."""
    if request.path.startswith("/ui/"):
        from .ui.pages import error_page
        return error_page(e.status, e.message)
    resp = jsonify(error_body(e.code, e.message, e.fields))
    resp.headers.update(e.headers)
    return resp, e.status
