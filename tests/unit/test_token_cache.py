"""A service verifies a token once per process and then trusts its verified claims, checking
only the expiry on every use; a token that fails verification is never remembered."""
import time

import jwt
import pytest

from gateway.auth.tokens import issue_token
from services.common import auth
from services.common.errors import ApiError
from tests.unit.licensing.web import keys

USER = {"_id": "u1", "username": "county_admin", "role": "county_admin"}


@pytest.fixture
def calls(monkeypatch):
    seen = []
    real = jwt.decode
    monkeypatch.setattr(auth.jwt, "decode", lambda *a, **k: seen.append(1) or real(*a, **k))
    monkeypatch.setattr(auth, "_VERIFIED", {})
    return seen


def test_a_token_is_verified_once_and_its_expiry_checked_on_every_use(calls, monkeypatch):
    private, public = keys()
    now = time.time()
    token = issue_token(USER, private, 60, now)
    assert auth.decode_claims(token, public)["sub"] == "u1"
    assert auth.decode_claims(token, public)["role"] == "county_admin"
    assert len(calls) == 1                                   # the second use: no verification
    monkeypatch.setattr(auth.time, "time", lambda: now + 61)  # past its exp
    with pytest.raises(ApiError) as e:
        auth.decode_claims(token, public)
    assert e.value.status == 401 and e.value.code == "token_expired"


def test_a_token_that_fails_is_not_remembered(calls):
    private, public = keys()
    token = issue_token(USER, private, 60)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    for _ in range(2):
        with pytest.raises(ApiError) as e:
            auth.decode_claims(forged, public)
        assert e.value.code == "invalid_token"
    assert len(calls) == 2 and auth._VERIFIED == {}
    auth.decode_claims(token, public)
    assert len(calls) == 3 and list(auth._VERIFIED) == [(token, public)]
