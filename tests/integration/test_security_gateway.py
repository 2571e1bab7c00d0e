"""Issue 6 on the running stack: login throttling under concurrency, path tricks, security
headers, chunked bodies, the Server header and gunicorn's control socket."""
import http.client
import os
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.integration.test_gateway import in_process_gateway
from tests.support.client import DEMO_PASSWORD


def raw_get(stack, path: str, port_of: str = "gateway") -> tuple[int, bytes]:
    """A request sent exactly as written (requests would normalise the path)."""
    conn = http.client.HTTPConnection("127.0.0.1", stack.ports[port_of], timeout=10)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


# ---- item 6: concurrent wrong passwords ---------------------------------------------------

@pytest.mark.parametrize("concurrent", [40, 100])
def test_concurrent_wrong_passwords_get_at_most_the_limit_through(stack, monkeypatch, concurrent):
    from gateway.auth.users import create_user
    app = in_process_gateway(stack, monkeypatch, demo_mode=False, login_max_failures=5,
                             login_max_failures_per_ip=1000)
    name = f"race-{uuid.uuid4().hex[:8]}"
    create_user(app.extensions["db"], name, "Correct-horse-9", "leader", "labor", None)

    def attempt(i):
        return app.test_client().post("/api/auth/login", json={"username": name, "password": f"wrong-{i}"},
                                      environ_base={"REMOTE_ADDR": "10.66.0.1"}).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrent) as pool:
        codes = list(pool.map(attempt, range(concurrent)))
    elapsed = time.monotonic() - started
    print(f"{concurrent} concurrent: {codes.count(401)} checked, {codes.count(429)} refused, {elapsed:.2f}s")
    assert codes.count(401) == 5 and codes.count(429) == concurrent - 5
    r = app.test_client().post("/api/auth/login", json={"username": name, "password": "Correct-horse-9"},
                               environ_base={"REMOTE_ADDR": "10.66.0.2"})
    assert r.status_code == 429  # even the right password waits out the window


def test_successful_logins_do_not_use_up_an_office_address(stack, monkeypatch):
    app = in_process_gateway(stack, monkeypatch, demo_mode=True, login_max_failures_per_ip=3)
    client = app.test_client()
    for _ in range(6):
        r = client.post("/api/auth/login", json={"username": "leader", "password": DEMO_PASSWORD},
                        environ_base={"REMOTE_ADDR": "10.66.0.3"})
        assert r.status_code == 200


# ---- item 9: paths -------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/api/registry/..%2F..%2Freadyz", "/api/registry/..%2freadyz", "/api/registry/%2e%2e/%2e%2e/readyz",
    "/api/registry/persons/..%5C..%5Creadyz", "/ui/registry/..%2F..%2Fapi%2Fregistry%2Fpersons",
    "/api/registry/%252e%252e/readyz",
])
def test_encoded_dot_segments_never_reach_a_service(stack, path):
    status, body = raw_get(stack, path)
    assert status in (400, 404), (status, body[:200])
    assert b'"checks"' not in body and b"mongodb" not in body


# ---- item 7: headers -------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/login", "/ui/registry/persons", "/api/registry/regions",
                                  "/healthz", "/static/lex.js"])
def test_gateway_responses_carry_security_headers(api, path):
    r = api.call("GET", path)
    assert r.status_code < 500
    assert "frame-ancestors 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"
    assert "gunicorn" not in r.headers.get("Server", "").lower()


def test_shell_and_login_pages_run_no_inline_script_outside_the_policy(api):
    for path in ("/", "/login"):
        r = api.call("GET", path)
        nonce = re.search(r"'nonce-([^']+)'", r.headers["Content-Security-Policy"]).group(1)
        for tag in re.findall(r"<script\b[^>]*>", r.text):
            assert "src=" in tag or f'nonce="{nonce}"' in tag, tag
        assert not re.search(r"\son[a-z]+=", r.text), "inline event handlers are blocked by the CSP"


def test_personal_data_answers_are_not_cacheable(api):
    r = api.call("GET", "/api/registry/persons", as_user="county_admin")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"


def test_services_send_the_headers_too(stack):
    r = requests.get(stack.url("registry") + "/api/registry/regions", timeout=10)
    assert r.headers["X-Content-Type-Options"] == "nosniff" and r.headers["Cache-Control"] == "no-store"
    assert "gunicorn" not in r.headers.get("Server", "").lower()


# ---- item 8: chunked bodies ------------------------------------------------------------------

def chunks(total: int):
    sent = 0
    while sent < total:
        n = min(65536, total - sent)
        sent += n
        yield b" " * n


@pytest.mark.parametrize("where", ["gateway", "registry"])
def test_chunked_body_over_one_mebibyte_is_413(api, stack, mongo, where):
    before = mongo.lex_registry.persons.count_documents({})
    headers = {"Authorization": f"Bearer {api.token('county_admin')}",
               "Content-Type": "application/json"}
    body = iter([b'{"name": "x", "pad": "', *chunks(1024 * 1024 + 100), b'"}'])
    r = requests.post(stack.url(where) + "/api/registry/persons", data=body, headers=headers, timeout=30)
    assert r.status_code == 413, r.text[:200]
    assert r.json()["error"]["code"]
    assert mongo.lex_registry.persons.count_documents({}) == before


# ---- item 12: control sockets ----------------------------------------------------------------

def test_no_gunicorn_master_holds_the_shared_control_socket(stack):
    shared = set()
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 8 and parts[-1].endswith("gunicorn.ctl"):
            shared.add(parts[6])
    for name in ("gateway", "registry", "evaluation"):
        pid = stack.pid(name)
        assert pid, name
        held = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
        assert not {f"socket:[{inode}]" for inode in shared} & held, name
