"""Licensing's Flask app on fakes: the real routes, pages and token checks, with an
in-memory unit of work instead of MongoDB (no servers)."""
import functools
import time

from gateway.auth.tokens import issue_token
from services.common.app_factory import create_service_app
from services.licensing.api.ads import bp as ads_bp
from services.licensing.api.agencies import bp as agencies_bp
from services.licensing.api.enforcement import bp as enforcement_bp
from services.licensing.api.inspections import bp as inspections_bp
from services.licensing.api.scoring import bp as scoring_bp
from services.licensing.ui.pages import bp as ui_bp
from tests.support.keys import session_pems
from tests.support.licensing_fakes import FakeLicensingUnitOfWork
from tests.support.pages import shared_app

DEPARTMENTS = {"police_officer": "police", "commerce_officer": "commerce"}


def keys() -> tuple[str, str]:
    return session_pems()


class FakeLicensing:
    def __init__(self):
        self.shared = FakeLicensingUnitOfWork()

    def uow(self):
        return self.shared


class EmptyDatabase:
    """The app's own database as the chassis reads it (e.g. the token revocation list): empty."""
    name = "lex_licensing_unit"

    def __getitem__(self, collection):
        return self

    def find(self, *args, **kwargs):
        return []

    # the public tip form's per-address counter: every caller is the first in its window
    def find_one_and_update(self, *args, **kwargs):
        return {"n": 1}

    def delete_many(self, *args, **kwargs):
        return None


def make_app():
    """Licensing's app, built once per session (it compiles ~60 routes); a test that uses it
    sets its own fakes: app.extensions["licensing"] = FakeLicensing()."""
    return shared_app("licensing", _build)


def _build():
    app = create_service_app("licensing", "licensing (test)",
                             [agencies_bp, scoring_bp, inspections_bp, ads_bp, enforcement_bp, ui_bp])
    app.config["AUTH_PUBLIC_KEY"] = keys()[1]
    app.extensions["licensing"] = FakeLicensing()
    app.extensions["db"] = EmptyDatabase()
    return app


def auth(role: str | None) -> dict:
    return {} if role is None else {"Authorization": "Bearer " + _token(role)}


@functools.lru_cache(maxsize=None)
def _token(role: str) -> str:
    # one signed token per role for the run (RS256 signing is ~2 ms; the matrix makes hundreds)
    user = {"_id": f"u-{role}", "username": role, "role": role,
            "department": DEPARTMENTS.get(role, "labor"), "region_code": None}
    return issue_token(user, keys()[0], 600, time.time())
