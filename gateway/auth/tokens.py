"""Signed access tokens carrying role, department and region code."""
import time
import uuid

import jwt

from services.common.auth import AUDIENCE, ISSUER


def issue_token(user: dict, private_key: str, ttl: int, now: float | None = None) -> str:
    now = int(now or time.time())
    claims = {
        "iss": ISSUER, "aud": AUDIENCE, "sub": user["_id"], "jti": uuid.uuid4().hex,
        "iat": now, "exp": now + ttl,
        "username": user["username"], "role": user["role"],
        "department": user.get("department"), "region_code": user.get("region_code"),
    }
    return jwt.encode(claims, private_key, algorithm="RS256")
