"""Issue 6 item 7: security headers on every response; no caching of API answers or pages."""
import logging

import pytest
from flask import Flask, Response, render_template_string

from services.common.app_factory import install_chassis


@pytest.fixture(scope="module")
def client():
    app = Flask("headers")
    install_chassis(app, "headers", logging.getLogger("headers"))

    @app.get("/api/x/persons")
    def persons():
        return {"items": []}

    @app.get("/ui/x/page")
    def page():
        return render_template_string('<script nonce="{{ csp_nonce() }}">var a = 1;</script>')

    @app.get("/ui/x/static/app.js")
    def static_js():
        return Response("var b;", mimetype="text/javascript")

    @app.get("/ui/x/own-policy")
    def own_policy():
        return Response("x", headers={"Content-Security-Policy": "default-src 'none'"})

    return app.test_client()


@pytest.mark.parametrize("path", ["/api/x/persons", "/ui/x/page", "/healthz", "/nowhere",
                                  "/ui/x/static/app.js"])
def test_every_response_has_the_headers(client, path):
    h = client.get(path).headers
    csp = h["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert h["X-Frame-Options"] == "SAMEORIGIN"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path, private", [("/api/x/persons", True), ("/ui/x/page", True),
                                           ("/nowhere", False), ("/ui/x/static/app.js", False)])
def test_api_answers_and_pages_are_never_stored(client, path, private):
    assert (client.get(path).headers.get("Cache-Control") == "no-store") is private


def test_the_page_nonce_matches_the_policy_and_changes_per_response(client):
    nonces = []
    for _ in range(2):
        r = client.get("/ui/x/page")
        nonce = r.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        assert f'nonce="{nonce}"' in r.get_data(as_text=True)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_policy_already_set_is_kept(client):
    # the gateway passes a service page's own policy (and nonce) through
    assert client.get("/ui/x/own-policy").headers["Content-Security-Policy"] == "default-src 'none'"
