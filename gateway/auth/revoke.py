"""Deactivating a user or changing a password revokes the user's tokens at once: the user's
token generation goes up, its refresh tokens and browser sessions are deleted, the gateway's
own revocation list says so, and a `gateway.user` event (outbox, same transaction) tells
every service's revocation list."""
from datetime import datetime, timezone

from pymongo import ReturnDocument
from pymongo.client_session import ClientSession
from pymongo.database import Database
from werkzeug.security import generate_password_hash

from gateway.events import DEACTIVATED, PASSWORD_CHANGED
from services.common.events.envelope import new_event
from services.common.events.outbox import add_to_outbox
from services.common.mongo import in_transaction
from services.common.revocation import record_revocation

from . import refresh


class UnknownUser(Exception):
    pass


def _revoke(client, db: Database, username: str, sets: dict, event_type: str) -> dict:
    now = datetime.now(timezone.utc)

    def txn(session: ClientSession) -> dict:
        user = db.users.find_one_and_update(
            {"username": username},
            {"$inc": {"token_generation": 1}, "$set": dict(sets, tokens_revoked_at=now)},
            return_document=ReturnDocument.AFTER, session=session)
        if user is None:
            raise UnknownUser(username)
        refresh.revoke_all(db, user["_id"], session=session)
        db.sessions.delete_many({"user_id": user["_id"]}, session=session)
        everything = event_type == DEACTIVATED
        record_revocation(db, user["_id"], user["token_generation"], everything, session=session)
        add_to_outbox(db, session, new_event(
            event_type, "gateway", user["_id"],
            {"user_id": user["_id"], "min_generation": user["token_generation"]},
            actor=None, correlation_id=None))
        return user
    return in_transaction(client, txn)


def deactivate_user(client, db: Database, username: str) -> dict:
    return _revoke(client, db, username, {"active": False}, DEACTIVATED)


def set_password(client, db: Database, username: str, password: str) -> dict:
    return _revoke(client, db, username,
                   {"password_hash": generate_password_hash(password, method="scrypt")},
                   PASSWORD_CHANGED)
