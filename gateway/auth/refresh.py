"""Refresh tokens: opaque random strings, stored only as their SHA-256, each usable once.

A login starts a family; each refresh marks the presented token used and issues the next one
of the family, which keeps the family's absolute expiry (a login lasts TOKEN_TTL_SECONDS,
however often it is refreshed). A used token presented again means it was copied: the whole
family is revoked, so the thief and the user both log in again."""
import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from pymongo import ReturnDocument
from pymongo.database import Database

COLLECTION = "refresh_tokens"


def ensure_indexes(db: Database) -> None:
    db[COLLECTION].create_index("user_id")
    db[COLLECTION].create_index("family")
    db[COLLECTION].create_index("expires_at", expireAfterSeconds=0)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _store(db: Database, user_id: str, family: str, expires_at: datetime) -> str:
    token = secrets.token_urlsafe(32)
    db[COLLECTION].insert_one({"_id": _hash(token), "user_id": user_id, "family": family,
                               "expires_at": expires_at, "used": False,
                               "created_at": datetime.now(timezone.utc)})
    return token


def issue(db: Database, user_id: str, ttl_s: int) -> tuple[str, int]:
    """A new family's first token and its lifetime in seconds."""
    expires_at = datetime.now(timezone.utc) + timedelta(seconds=ttl_s)
    return _store(db, user_id, secrets.token_hex(8), expires_at), ttl_s


class RefreshRefused(Exception):
    """Unknown, expired, already used (then its family is revoked) or revoked."""


def rotate(db: Database, token: str) -> tuple[str, str, int]:
    """(user id, the family's next token, its seconds left) for a valid unused token."""
    now = datetime.now(timezone.utc)
    key = _hash(token)
    # atomically: of two requests presenting the same token, only one gets it
    doc = db[COLLECTION].find_one_and_update({"_id": key, "used": False, "expires_at": {"$gt": now}},
                                             {"$set": {"used": True, "used_at": now}},
                                             return_document=ReturnDocument.BEFORE)
    if doc is None:
        stale = db[COLLECTION].find_one({"_id": key})
        if stale is not None and stale.get("used"):
            db[COLLECTION].delete_many({"family": stale["family"]})  # replayed: revoke the family
        raise RefreshRefused()
    expires_at = doc["expires_at"]
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=timezone.utc)
    left = max(1, int((expires_at - now).total_seconds()))
    return doc["user_id"], _store(db, doc["user_id"], doc["family"], expires_at), left


def revoke_all(db: Database, user_id: str, session=None) -> None:
    db[COLLECTION].delete_many({"user_id": user_id}, session=session)
