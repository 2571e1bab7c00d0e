"""Gateway: login, token, routing with request id and client address, timeouts, rate limits."""
import socket
import time
import uuid
from dataclasses import replace

import pytest

from gateway.auth.users import create_user
from tests.support.client import DEMO_PASSWORD


def test_login_returns_a_token_and_me_answers(api):
    r = api.http.post(api.base + "/api/auth/login",
                      json={"username": "township_staff", "password": DEMO_PASSWORD})
    body = r.json()
    assert r.status_code == 200 and body["token_type"] == "Bearer" and body["expires_in"] > 0
    assert body["user"]["region_code"] == "411325100"
    me = api.call("GET", "/api/auth/me", token=body["access_token"])
    assert me.status_code == 200 and me.json()["role"] == "township_staff"
    assert "password_hash" not in me.json()


def test_passwords_are_stored_salted_and_hashed(mongo):
    users = list(mongo.lex_gateway.users.find({"username": {"$in": ["leader", "worker"]}}))
    assert len(users) == 2
    assert all(DEMO_PASSWORD not in str(u) for u in users)
    assert users[0]["password_hash"] != users[1]["password_hash"]  # same password, other salt


def test_every_role_has_a_demo_user(api):
    from services.common.auth import ROLES
    for role in ROLES:
        assert api.token(role)


def test_bad_login_is_401_then_429_after_repeated_failures(api, mongo):
    name = f"probe-{uuid.uuid4().hex[:8]}"
    create_user(mongo.lex_gateway, name, "Correct-horse-9", "leader", "labor", None)
    for _ in range(5):
        r = api.http.post(api.base + "/api/auth/login", json={"username": name, "password": "wrong-password"})
        assert r.status_code == 401 and r.json()["error"]["code"] == "bad_credentials"
    r = api.http.post(api.base + "/api/auth/login", json={"username": name, "password": "Correct-horse-9"})
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) > 0
    # another user from the same address is not locked out by this one's failures
    ok = api.http.post(api.base + "/api/auth/login", json={"username": "leader", "password": DEMO_PASSWORD})
    assert ok.status_code == 200


def test_request_id_and_client_address_reach_the_service(api, stack):
    rid = "test-" + uuid.uuid4().hex.translate(str.maketrans("0123456789", "ghijklmnop"))  # no digit runs
    r = api.call("GET", "/api/registry/regions", headers={"X-Request-ID": rid})
    assert r.status_code == 200 and r.headers["X-Request-ID"] == rid
    time.sleep(0.5)
    log = (stack.root / "logs" / "registry.log").read_text()
    assert rid in log


def test_unknown_service_is_404(api):
    r = api.call("GET", "/api/nosuch/x")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_service_down_gives_502_json_and_recovers(api, stack):
    stack.kill("jobs")
    try:
        r = api.call("GET", "/api/jobs/anything", as_user="county_admin")
        assert r.status_code == 502
        assert r.json()["error"]["code"] == "upstream_unavailable"
    finally:
        stack.start_service("jobs")
        stack.wait_service("jobs")
    assert api.call("GET", "/api/jobs/anything", as_user="county_admin").status_code == 404


def in_process_gateway(stack, monkeypatch, **overrides):
    """A gateway app in this process, on the test MongoDB in a database of its own, for cases
    the running one cannot stage."""
    from gateway.app import create_app
    from gateway.config import GatewaySettings
    monkeypatch.setenv("MONGO_URL", stack.mongo_url)
    monkeypatch.setenv("AUTH_PRIVATE_KEY_FILE", str(stack.root / "keys" / "private.pem"))
    monkeypatch.setenv("AUTH_PUBLIC_KEY_FILE", str(stack.root / "keys" / "public.pem"))
    settings = replace(GatewaySettings.load(), mongo_db=f"lex_gw_{uuid.uuid4().hex[:6]}",
                       **overrides)
    return create_app(settings)


@pytest.fixture()
def gateway_app(stack, monkeypatch):
    return in_process_gateway(stack, monkeypatch, demo_mode=True, login_max_failures_per_ip=3)


def test_slow_service_gives_504_json(gateway_app):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts connections, never answers
    port = silent.getsockname()[1]
    try:
        settings = gateway_app.config["GATEWAY"]
        gateway_app.config["GATEWAY"] = replace(settings, service_urls=dict(
            settings.service_urls, rights=f"http://127.0.0.1:{port}"))
        gateway_app.config["PROXY_TIMEOUT_OVERRIDE"] = 0.5
        started = time.monotonic()
        r = gateway_app.test_client().get("/api/rights/cases")
        assert r.status_code == 504 and r.get_json()["error"]["code"] == "upstream_timeout"
        assert time.monotonic() - started < 5
    finally:
        silent.close()


def test_many_failures_from_one_address_are_throttled(gateway_app):
    client = gateway_app.test_client()
    for i in range(3):
        r = client.post("/api/auth/login", json={"username": f"u{i}", "password": "x"},
                        environ_base={"REMOTE_ADDR": "10.9.9.9"})
        assert r.status_code == 401
    r = client.post("/api/auth/login", json={"username": "county_admin", "password": DEMO_PASSWORD},
                    environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert r.status_code == 429
    r = client.post("/api/auth/login", json={"username": "county_admin", "password": DEMO_PASSWORD},
                    environ_base={"REMOTE_ADDR": "10.9.9.8"})
    assert r.status_code == 200


def test_no_default_users_outside_demo_mode(stack, monkeypatch):
    client = in_process_gateway(stack, monkeypatch, demo_mode=False).test_client()
    r = client.post("/api/auth/login", json={"username": "county_admin", "password": DEMO_PASSWORD})
    assert r.status_code == 401


def test_lockout_ends_when_the_window_has_passed(gateway_app):
    from datetime import datetime, timedelta, timezone
    client = gateway_app.test_client()
    db = gateway_app.extensions["db"]
    addr = {"REMOTE_ADDR": "10.7.7.7"}
    for _ in range(3):
        assert client.post("/api/auth/login", json={"username": "leader", "password": "x"},
                           environ_base=addr).status_code == 401
    good = {"username": "leader", "password": DEMO_PASSWORD}
    assert client.post("/api/auth/login", json=good, environ_base=addr).status_code == 429
    # the window passes (moved, not waited for: a loaded machine takes seconds per login)
    past = datetime.now(timezone.utc) - timedelta(seconds=1)
    db.login_attempts.update_many({"_id": {"$in": ["ip:10.7.7.7", "user:leader"]}},
                                  {"$set": {"reset_at": past}})
    assert client.post("/api/auth/login", json=good, environ_base=addr).status_code == 200
    client.post("/api/auth/login", json={"username": "x", "password": "y"}, environ_base=addr)
    # the old window's attempts count for nothing; the good login gave its attempt back
    assert db.login_attempts.find_one({"_id": "ip:10.7.7.7"})["n"] == 1
