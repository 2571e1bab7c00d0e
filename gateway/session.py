"""Browser sessions: an opaque cookie naming a server-side record in the gateway's MongoDB.

The cookie holds a random id; the database keeps only its SHA-256, so a copy of the sessions
collection opens no session. Every request re-reads the record and the user, so logout,
expiry, deactivation and a password change end the session at once. The gateway turns a
valid session into a short-lived bearer token (the same RS256 token the login returns) that it
forwards to the services, which go on checking tokens as before.

CSRF: each session has its own random token; a state-changing request that relies on the
cookie must carry it (form field `csrf_token` or header `X-CSRF-Token`)."""
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from services.common.config import env

COOKIE = "lex_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class SessionSettings:
    ttl_s: int              # absolute lifetime: a login lasts a working day at most
    idle_s: int             # ended after this long without a request
    forward_token_ttl_s: int  # lifetime of the bearer token forwarded to the services
    secure_cookie: bool     # only over https (set it behind a TLS proxy)


def session_settings(token_ttl_s: int) -> SessionSettings:
    # a session lasts as long as a login's token would (TOKEN_TTL_SECONDS)
    return SessionSettings(ttl_s=token_ttl_s,
                           idle_s=int(env("SESSION_IDLE_SECONDS", "7200")),
                           forward_token_ttl_s=300,
                           secure_cookie=env("SESSION_COOKIE_SECURE", "0") == "1")


@dataclass(frozen=True)
class Session:
    key: str            # sha256 of the cookie value: the record's _id
    user: dict          # the live user record (active, current role and region)
    csrf_token: str
    created_at: datetime


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii", "replace")).hexdigest()


def _utc(value: datetime) -> datetime:
    # pymongo without tz_aware gives naive UTC datetimes
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def ensure_indexes(db) -> None:
    db.sessions.create_index("user_id")
    db.sessions.create_index("expires_at")


def create(db, user: dict, settings: SessionSettings, now: datetime | None = None) -> tuple[str, str]:
    """A new session for `user`: returns (cookie value, CSRF token)."""
    now = now or datetime.now(timezone.utc)
    session_id = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    db.sessions.insert_one({"_id": _key(session_id), "user_id": user["_id"], "csrf_token": csrf,
                            "created_at": now, "last_seen": now,
                            "expires_at": now + timedelta(seconds=settings.ttl_s)})
    # expired records of anyone are dropped here too (no reliance on TTL indexes, which the
    # embedded server may not run)
    db.sessions.delete_many({"expires_at": {"$lt": now}})
    return session_id, csrf


def load(db, session_id: str | None, settings: SessionSettings,
         now: datetime | None = None) -> Session | None:
    """The live session for a cookie value, or None when it is unknown, expired, idle too
    long, or its user is deactivated or has changed password since it began."""
    if not session_id or len(session_id) > 200:
        return None
    now = now or datetime.now(timezone.utc)
    key = _key(session_id)
    record = db.sessions.find_one({"_id": key})
    if record is None:
        return None
    last_seen = _utc(record["last_seen"])
    if _utc(record["expires_at"]) <= now or last_seen + timedelta(seconds=settings.idle_s) <= now:
        db.sessions.delete_one({"_id": key})
        return None
    user = db.users.find_one({"_id": record["user_id"], "active": True})
    created = _utc(record["created_at"])
    changed = user.get("password_changed_at") if user else None
    if user is None or (changed is not None and _utc(changed) > created):
        db.sessions.delete_one({"_id": key})
        return None
    if (now - last_seen).total_seconds() > 60:  # one write a minute, not one per request
        db.sessions.update_one({"_id": key}, {"$set": {"last_seen": now}})
    return Session(key=key, user=user, csrf_token=record["csrf_token"], created_at=created)


def end(db, session_id: str | None) -> None:
    if session_id:
        db.sessions.delete_one({"_id": _key(session_id)})


def end_all_for_user(db, user_id: str) -> int:
    """For deactivation and password change (load() also refuses such sessions by itself)."""
    return db.sessions.delete_many({"user_id": user_id}).deleted_count


def csrf_required(method: str) -> bool:
    return method.upper() not in SAFE_METHODS


def csrf_valid(session: Session, submitted: str | None) -> bool:
    # constant-time: the comparison must not leak how much of a guess was right
    return bool(submitted) and hmac.compare_digest(session.csrf_token.encode(),
                                                   str(submitted).encode("utf-8", "replace"))


class ForwardTokens:
    """Bearer tokens minted for sessions, reused until shortly before they expire: an RS256
    signature costs about a millisecond, a dict lookup nothing. Keyed by the session and by
    what the token says about the user, so a changed role or region gets a new token."""

    def __init__(self, issue, ttl_s: int, clock=time.time):
        self._issue = issue          # (user, ttl) -> token
        self._ttl = ttl_s
        self._clock = clock
        self._cache: dict[tuple, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def token_for(self, session: Session) -> str:
        user = session.user
        key = (session.key, user["role"], user.get("department"), user.get("region_code"),
               user.get("username"), user.get("token_generation", 0))  # revoked: a new token
        now = self._clock()
        with self._lock:
            hit = self._cache.get(key)
            if hit and hit[1] - now > self._ttl / 3:
                return hit[0]
        token = self._issue(user, self._ttl)
        with self._lock:
            if len(self._cache) > 10000:  # bounded: drop the expired, else start over
                self._cache = {k: v for k, v in self._cache.items() if v[1] > now}
                if len(self._cache) > 10000:
                    self._cache.clear()
            self._cache[key] = (token, now + self._ttl)
        return token


# ---- the Flask side: the request's session, the cookie ------------------------------------

def settings_of(app) -> SessionSettings:
    return app.config["SESSION"]


def current():
    """This request's live session, or None (looked up once per request)."""
    from flask import current_app, g, request
    if "lex_session" not in g:
        g.lex_session = load(current_app.extensions["db"], request.cookies.get(COOKIE),
                             settings_of(current_app))
    return g.lex_session


def start(response, user: dict) -> str:
    """Begin a session for `user` and set its cookie on `response`; returns the CSRF token."""
    from flask import current_app, request
    settings = settings_of(current_app)
    session_id, csrf = create(current_app.extensions["db"], user, settings)
    response.set_cookie(COOKIE, session_id, max_age=settings.ttl_s, path="/", httponly=True,
                        samesite="Strict", secure=settings.secure_cookie or request.is_secure)
    return csrf


def finish(response) -> None:
    """End this request's session (if any) and clear its cookie."""
    from flask import current_app, g, request
    end(current_app.extensions["db"], request.cookies.get(COOKIE))
    g.lex_session = None
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Strict")


def submitted_csrf() -> str | None:
    """The CSRF token a request carries: the header (htmx, scripts) or the form field."""
    from flask import request
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        request.get_data(cache=True)  # keep the raw body: the proxy forwards it unchanged
        return request.form.get(CSRF_FIELD)
    return None
