"""Issue 6 item 11: short-lived access tokens renewed by rotating refresh tokens; deactivating
a user or changing a password revokes its tokens at once at the gateway and, through the
gateway.user event, at every service."""
import time
import uuid

import jwt
import pytest
import requests

from gateway import manage
from gateway.auth.users import create_user

PASSWORD = "Correct-horse-9"


@pytest.fixture()
def user(mongo):
    name = f"tok-{uuid.uuid4().hex[:8]}"
    create_user(mongo.lex_gateway, name, PASSWORD, "county_admin", "labor", None)
    return name


@pytest.fixture()
def run_manage(stack, monkeypatch):
    monkeypatch.setenv("MONGO_URL", stack.mongo_url)
    monkeypatch.delenv("MONGO_DB", raising=False)

    def run(*argv, password=None):
        if password:
            monkeypatch.setenv("NEW_USER_PASSWORD", password)
        return manage.main(list(argv))
    return run


def login(api, name, password=PASSWORD) -> requests.Response:
    return api.http.post(api.base + "/api/auth/login", json={"username": name, "password": password},
                         timeout=10)


def refresh(api, token) -> requests.Response:
    return api.http.post(api.base + "/api/auth/refresh", json={"refresh_token": token}, timeout=10)


def direct(stack, token) -> requests.Response:
    return requests.get(stack.url("registry") + "/api/registry/persons",
                        headers={"Authorization": f"Bearer {token}"}, timeout=10)


def via_gateway(api, token) -> requests.Response:
    return api.call("GET", "/api/registry/persons", token=token)


def wait_refused(stack, token, timeout=20.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        r = direct(stack, token)
        if r.status_code == 401:
            assert r.json()["error"]["code"] == "token_revoked"
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError("the service still accepts a revoked token")


def test_access_tokens_are_short_lived_and_come_with_a_refresh_token(api, user):
    body = login(api, user).json()
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert body["expires_in"] == 900 and claims["exp"] - claims["iat"] == 900
    assert body["refresh_token"] and body["refresh_expires_in"] > 900


def test_refresh_rotates_and_a_replayed_refresh_token_revokes_the_family(api, user, mongo):
    first = login(api, user).json()
    second = refresh(api, first["refresh_token"])
    assert second.status_code == 200, second.text
    pair = second.json()
    assert pair["refresh_token"] != first["refresh_token"]
    assert via_gateway(api, pair["access_token"]).status_code == 200
    assert pair["refresh_expires_in"] <= first["refresh_expires_in"]  # a login's lifetime is absolute
    # stored hashed only
    assert mongo.lex_gateway.refresh_tokens.count_documents({"_id": pair["refresh_token"]}) == 0
    replay = refresh(api, first["refresh_token"])
    assert replay.status_code == 401 and "refresh_token" in replay.json()["error"]["fields"]
    assert refresh(api, pair["refresh_token"]).status_code == 401  # the family is gone


@pytest.mark.parametrize("bad", [{"refresh_token": "x" * 40}, {"refresh_token": 5}, {}])
def test_bad_refresh_requests_are_4xx_with_the_field(api, bad):
    r = api.http.post(api.base + "/api/auth/refresh", json=bad, timeout=10)
    assert r.status_code in (400, 401) and "refresh_token" in r.json()["error"]["fields"]


def test_deactivation_revokes_at_once(api, stack, user, run_manage):
    body = login(api, user).json()
    token = body["access_token"]
    assert direct(stack, token).status_code == 200
    assert run_manage("deactivate-user", "--username", user) == 0
    time.sleep(1.1)  # the gateway's list is cached for a second per process
    r = via_gateway(api, token)
    assert r.status_code == 401 and r.json()["error"]["code"] == "token_revoked"
    seconds = wait_refused(stack, token)
    print(f"service refused the deactivated user's token {seconds:.2f}s after the gateway did")
    assert refresh(api, body["refresh_token"]).status_code == 401
    assert login(api, user).status_code == 401


def test_password_change_revokes_old_tokens_and_new_ones_work(api, stack, user, run_manage):
    old = login(api, user).json()["access_token"]
    assert run_manage("set-password", "--username", user, password="Another-horse-10") == 0
    time.sleep(1.1)
    assert via_gateway(api, old).status_code == 401
    wait_refused(stack, old)
    assert login(api, user).status_code == 401
    fresh = login(api, user, "Another-horse-10")
    assert fresh.status_code == 200
    assert direct(stack, fresh.json()["access_token"]).status_code == 200
    assert via_gateway(api, fresh.json()["access_token"]).status_code == 200


def test_manage_refuses_unknown_users_and_short_passwords(run_manage, user):
    assert run_manage("deactivate-user", "--username", "nobody-" + uuid.uuid4().hex[:6]) == 2
    assert run_manage("set-password", "--username", user, password="short") == 2
