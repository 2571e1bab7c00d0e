"""Signed short-lived access tokens carrying role, department, region code and the user's
token generation."""
import time
import uuid
from functools import lru_cache

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from services.common.auth import AUDIENCE, ISSUER


def issue_token(user: dict, private_key: str, ttl: int, now: float | None = None) -> str:
    now = int(now or time.time())
    claims = {
        "iss": ISSUER, "aud": AUDIENCE, "sub": user["_id"], "jti": uuid.uuid4().hex,
        "iat": now, "exp": now + ttl,
        "username": user["username"], "role": user["role"],
        "department": user.get("department"), "region_code": user.get("region_code"),
        # revoking a user's tokens raises its generation (revoke.py, services/common/revocation.py)
        "gen": int(user.get("token_generation", 0)),
    }
    return jwt.encode(claims, _signing_key(private_key), algorithm="RS256")


@lru_cache(maxsize=4)
def _signing_key(pem: str):
    # Loading a PEM key checks the RSA key and costs ~25 ms; signing with the loaded key
    # costs ~1 ms. PyJWT would load the PEM again on every call.
    return load_pem_private_key(pem.encode("ascii"), password=None)
