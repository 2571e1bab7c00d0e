"""Security headers on every response of the gateway and the services.

The gateway's shell frames the services' pages from the same origin, hence `frame-ancestors
'self'` / SAMEORIGIN rather than DENY. Scripts come only from our own origin or carry the
response's nonce (the shell's one inline block of data). Styles allow inline attributes
(`style="display:none"` in the templates): style injection cannot run code under this policy.
A response that already has a header keeps it: the gateway passes a service page's own policy
(with that service's nonce) through unchanged."""
import secrets

from flask import Flask, g, request

CSP = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'self'")


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def private_path(path: str) -> bool:
    """API answers and pages may hold personal data: never stored by a browser or a proxy.
    Static files hold none."""
    return (path.startswith("/api/") or path.startswith("/ui/")) and "/static/" not in path


def install_security_headers(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce  # templates: <script nonce="{{ csp_nonce() }}">

    @app.after_request
    def _security_headers(resp):
        h = resp.headers
        h.setdefault("Content-Security-Policy", CSP.format(nonce=csp_nonce()))
        h.setdefault("X-Frame-Options", "SAMEORIGIN")
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "same-origin")
        if private_path(request.path):
            h["Cache-Control"] = "no-store"
            h.pop("Expires", None)
            h.pop("ETag", None)
        return resp
