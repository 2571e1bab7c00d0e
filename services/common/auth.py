"""Services check the gateway's token themselves (RS256: they hold only the public key)
and enforce role and region scope; the gateway's own checks are not relied upon."""
import functools
import time

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from flask import current_app, g, request

from .domain.actor import Actor
from .domain.roles import ROLES
from .errors import ApiError
from .revocation import REVOCATIONS

ISSUER = "neixiang-labor-gateway"
AUDIENCE = "neixiang-labor-services"

User = Actor  # the token's subject, as the domain sees it


def load_public_key(path: str | None) -> str | None:
    if not path:
        return None
    with open(path, "r", encoding="ascii") as fh:
        return fh.read()


def decode_token(token: str, public_key: str) -> User:
    return user_of(decode_claims(token, public_key))


@functools.lru_cache(maxsize=4)
def _verifying_key(pem: str):
    # parsed once per process, not on every request as PyJWT would
    return load_pem_public_key(pem.encode("ascii"))


# Tokens this process has verified, by (token, key): a session sends the same token with
# every request, and verifying it (base64 checks, RSA signature) cost ~0.5 ms of each request's
# CPU in every service. Only the expiry depends on the time; it is checked on every use. A
# token is never stored unless it verified; revocation is checked per request elsewhere.
_VERIFIED: dict[tuple[str, str], dict] = {}
_VERIFIED_MAX = 4096


def _expired() -> ApiError:
    return ApiError(401, "token_expired", "登录已过期,请重新登录",
                    headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def decode_claims(token: str, public_key: str) -> dict:
    known = _VERIFIED.get((token, public_key))
    if known is not None:
        if time.time() >= known["exp"]:
            raise _expired()
        return known
    try:
        claims = jwt.decode(token, _verifying_key(public_key), algorithms=["RS256"], audience=AUDIENCE,
                            issuer=ISSUER, options={"require": ["exp", "iat", "sub", "role"]})
    except jwt.ExpiredSignatureError:
        raise _expired()
    except jwt.PyJWTError:
        raise ApiError(401, "invalid_token", "令牌无效",
                       headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    if claims["role"] not in ROLES:
        raise ApiError(401, "invalid_token", "令牌中的角色无效")
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.clear()  # simplest bound; a cleared token is verified again once
    _VERIFIED[(token, public_key)] = claims
    return claims


def user_of(claims: dict) -> User:
    return User(id=claims["sub"], username=claims.get("username", claims["sub"]),
                role=claims["role"], department=claims.get("department"),
                region_code=claims.get("region_code"))


def current_user(optional: bool = False) -> User | None:
    if "user" in g:
        return g.user
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        if optional:
            return None
        raise ApiError(401, "unauthenticated", "需要登录",
                       headers={"WWW-Authenticate": "Bearer"})
    key = current_app.config.get("AUTH_PUBLIC_KEY")
    if not key:
        raise ApiError(503, "auth_unconfigured", "服务未配置验证公钥")
    claims = decode_claims(header[7:].strip(), key)
    # a deactivated user or an old password: void at once, not when the token expires
    if REVOCATIONS.is_revoked(current_app.extensions["db"], claims["sub"], token_generation(claims)):
        raise ApiError(401, "token_revoked", "登录已失效,请重新登录",
                       headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    g.user = user_of(claims)
    return g.user


def token_generation(claims: dict) -> int:
    gen = claims.get("gen", 0)
    return gen if isinstance(gen, int) and not isinstance(gen, bool) else 0


def require_roles(*roles: str):
    """Decorator: the caller must be logged in with one of `roles`."""
    def wrap(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            user = current_user()
            if roles and user.role not in roles:
                raise ApiError(403, "forbidden_role", f"角色 {user.role} 无权执行此操作")
            return fn(*args, **kwargs)
        inner.required_roles = roles
        return inner
    return wrap
