"""Browser sessions and CSRF (gateway/session.py), on an in-memory stand-in for the gateway's
two collections: a session ends with logout, expiry, idleness, deactivation and a password
change; the database never holds the cookie value; CSRF tokens are per session."""
from datetime import datetime, timedelta, timezone

import pytest

from gateway import session as sessions
from gateway.session import ForwardTokens, SessionSettings

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
SETTINGS = SessionSettings(ttl_s=8 * 3600, idle_s=1800, forward_token_ttl_s=300, secure_cookie=False)


class Collection:
    """find_one / insert_one / update_one / delete_one / delete_many on exact-match and
    {"$lt": x} filters: what session.py uses."""

    def __init__(self):
        self.docs: dict = {}

    @staticmethod
    def _match(doc, query):
        for key, want in query.items():
            have = doc.get(key)
            if isinstance(want, dict) and "$lt" in want:
                if not (have is not None and have < want["$lt"]):
                    return False
            elif have != want:
                return False
        return True

    def insert_one(self, doc):
        assert doc["_id"] not in self.docs
        self.docs[doc["_id"]] = dict(doc)

    def find_one(self, query):
        return next((dict(d) for d in self.docs.values() if self._match(d, query)), None)

    def update_one(self, query, update):
        doc = next((d for d in self.docs.values() if self._match(d, query)), None)
        if doc:
            doc.update(update["$set"])

    def delete_one(self, query):
        doc = self.find_one(query)
        if doc:
            del self.docs[doc["_id"]]

    def delete_many(self, query):
        gone = [k for k, d in self.docs.items() if self._match(d, query)]
        for k in gone:
            del self.docs[k]

        class Result:
            deleted_count = len(gone)
        return Result()


class Db:
    def __init__(self):
        self.sessions, self.users = Collection(), Collection()


@pytest.fixture
def db():
    db = Db()
    db.users.insert_one({"_id": "u1", "username": "township_staff", "role": "township_staff",
                         "department": "labor", "region_code": "411325100", "active": True})
    return db


def user(db):
    return db.users.find_one({"_id": "u1"})


def test_a_new_session_loads_with_its_user_and_csrf_token(db):
    sid, csrf = sessions.create(db, user(db), SETTINGS, NOW)
    s = sessions.load(db, sid, SETTINGS, NOW + timedelta(minutes=5))
    assert s.user["username"] == "township_staff" and s.csrf_token == csrf
    assert sid not in db.sessions.docs and all(sid not in str(d) for d in db.sessions.docs.values())


def test_every_session_has_its_own_id_and_csrf_token(db):
    a, b = sessions.create(db, user(db), SETTINGS, NOW), sessions.create(db, user(db), SETTINGS, NOW)
    assert a[0] != b[0] and a[1] != b[1] and len(a[0]) >= 40


@pytest.mark.parametrize("cookie", [None, "", "no-such-session", "x" * 500])
def test_unknown_or_malformed_cookies_load_nothing(db, cookie):
    sessions.create(db, user(db), SETTINGS, NOW)
    assert sessions.load(db, cookie, SETTINGS, NOW) is None


def test_logout_ends_the_session_at_once(db):
    sid, _ = sessions.create(db, user(db), SETTINGS, NOW)
    sessions.end(db, sid)
    assert sessions.load(db, sid, SETTINGS, NOW) is None


def test_a_session_expires_after_its_lifetime_even_when_used(db):
    sid, _ = sessions.create(db, user(db), SETTINGS, NOW)
    at = NOW
    for _ in range(16):  # a request every 29 minutes keeps it from idling out...
        at += timedelta(minutes=29)
        if at >= NOW + timedelta(seconds=SETTINGS.ttl_s):
            break
        assert sessions.load(db, sid, SETTINGS, at) is not None
    # ...but not past its absolute lifetime
    assert sessions.load(db, sid, SETTINGS, NOW + timedelta(seconds=SETTINGS.ttl_s)) is None
    assert not db.sessions.docs  # and the record is gone


def test_a_session_ends_after_idling(db):
    sid, _ = sessions.create(db, user(db), SETTINGS, NOW)
    assert sessions.load(db, sid, SETTINGS, NOW + timedelta(seconds=SETTINGS.idle_s - 1)) is not None
    # last_seen is written at most once a minute: the request above moved it
    later = NOW + timedelta(seconds=SETTINGS.idle_s - 1) + timedelta(seconds=SETTINGS.idle_s)
    assert sessions.load(db, sid, SETTINGS, later) is None


def test_deactivating_the_user_ends_its_sessions(db):
    sid, _ = sessions.create(db, user(db), SETTINGS, NOW)
    db.users.docs["u1"]["active"] = False
    assert sessions.load(db, sid, SETTINGS, NOW) is None


def test_a_password_change_ends_sessions_begun_before_it(db):
    old, _ = sessions.create(db, user(db), SETTINGS, NOW)
    db.users.docs["u1"]["password_changed_at"] = NOW + timedelta(minutes=1)
    new, _ = sessions.create(db, user(db), SETTINGS, NOW + timedelta(minutes=2))
    assert sessions.load(db, old, SETTINGS, NOW + timedelta(minutes=3)) is None
    assert sessions.load(db, new, SETTINGS, NOW + timedelta(minutes=3)) is not None


def test_end_all_for_user(db):
    a, _ = sessions.create(db, user(db), SETTINGS, NOW)
    b, _ = sessions.create(db, user(db), SETTINGS, NOW)
    assert sessions.end_all_for_user(db, "u1") == 2
    assert sessions.load(db, a, SETTINGS, NOW) is None and sessions.load(db, b, SETTINGS, NOW) is None


def test_the_session_sees_the_users_current_role_and_region(db):
    sid, _ = sessions.create(db, user(db), SETTINGS, NOW)
    db.users.docs["u1"]["region_code"] = "411325101"
    assert sessions.load(db, sid, SETTINGS, NOW).user["region_code"] == "411325101"


@pytest.mark.parametrize("method,needed", [("GET", False), ("HEAD", False), ("OPTIONS", False),
                                           ("POST", True), ("put", True), ("PATCH", True),
                                           ("DELETE", True)])
def test_csrf_is_needed_for_state_changing_methods(method, needed):
    assert sessions.csrf_required(method) is needed


def test_csrf_token_must_be_the_sessions_own(db):
    sid, csrf = sessions.create(db, user(db), SETTINGS, NOW)
    _, other = sessions.create(db, user(db), SETTINGS, NOW)
    s = sessions.load(db, sid, SETTINGS, NOW)
    assert sessions.csrf_valid(s, csrf)
    for wrong in (None, "", other, csrf[:-1], csrf + "x", "令牌"):
        assert not sessions.csrf_valid(s, wrong)


def test_forwarded_tokens_are_reused_until_near_expiry_and_follow_the_user(db):
    sid, _ = sessions.create(db, user(db), SETTINGS, NOW)
    issued, clock = [], [1000.0]

    def issue(u, ttl):
        issued.append((u["region_code"], ttl))
        return f"token-{len(issued)}"

    tokens = ForwardTokens(issue, 300, clock=lambda: clock[0])
    s = sessions.load(db, sid, SETTINGS, NOW)
    assert tokens.token_for(s) == tokens.token_for(s) == "token-1"
    clock[0] += 250  # under a third of the lifetime left: a fresh one
    assert tokens.token_for(s) == "token-2"
    db.users.docs["u1"]["region_code"] = "411325101"
    assert tokens.token_for(sessions.load(db, sid, SETTINGS, NOW)) == "token-3"
    assert issued[-1] == ("411325101", 300)


@pytest.mark.parametrize("target,expected", [
    (None, "/"), ("", "/"), ("/ui/registry/persons?status=surplus", "/ui/registry/persons?status=surplus"),
    ("//evil.example/x", "/"), ("https://evil.example/", "/"), ("/\\evil.example", "/"),
    ("ui/registry", "/"), ("/?page=/ui/evaluation/indicators", "/?page=/ui/evaluation/indicators")])
def test_login_returns_only_to_paths_on_this_site(target, expected):
    from gateway.ui.pages import safe_next
    assert safe_next(target) == expected


@pytest.mark.parametrize("origin,cross", [
    (None, False), ("", False), ("http://127.0.0.1:8000", False), ("http://127.0.0.1:8001", True),
    ("https://evil.example", True), ("null", True)])
def test_a_login_form_posted_from_another_site_is_refused(origin, cross):
    from gateway.ui.pages import cross_site
    assert cross_site(origin, "127.0.0.1:8000") is cross
