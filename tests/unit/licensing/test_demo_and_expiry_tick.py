"""`make up`'s demo agencies, seeded through the real routes (served on fakes), once; and the
worker's expiry tick."""
import threading

from flask import Flask, request
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server

from services.licensing import expire
from services.licensing.demo import seed_demo_licensing
from services.licensing.domain.agency import is_operating
from tests.support.licensing_fakes import FakeLicensingUnitOfWork
from tests.support.wait import eventually

from .helpers import licensed_agency
from .web import FakeLicensing, auth, make_app


def test_demo_agencies_are_seeded_through_the_api_once():
    app = make_app()
    app.extensions["licensing"] = FakeLicensing()          # empty stores
    gateway = Flask("gateway-login")                          # the gateway's login, as far as

    @gateway.post("/login")                                   # the seeder needs it
    def login():
        return {"access_token": auth(request.json["username"])["Authorization"][7:]}

    server = make_server("127.0.0.1", 0, DispatcherMiddleware(app, {"/api/auth": gateway}), threaded=True)
    # a short poll: shutdown() waits up to one poll interval (0.5 s by default)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        token = auth("county_admin")["Authorization"][7:]
        assert seed_demo_licensing(base, token, "any") == 3
        assert seed_demo_licensing(base, token, "any") == 0   # once
    finally:
        server.shutdown()
    uow = app.extensions["licensing"].shared
    agencies = list(uow.agencies.rows.values())
    assert [a["status"] for a in agencies] == ["licensed"] * 3
    assert sum(is_operating(a) for a in agencies) == 2
    assert sorted(a["score"] for a in agencies) == [95, 100, 100]
    assert [ad["status"] for ad in uow.ads.rows.values()] == ["approved"]


class Licensing:
    def __init__(self, uow):
        self._uow = uow

    def uow(self):
        return self._uow


def test_the_expiry_tick_expires_what_is_due_and_keeps_ticking():
    uow, agency = licensed_agency()
    uow.agencies.rows[agency["_id"]]["valid_until"] = "2020-01-01"
    assert expire.tick(Licensing(uow)) == [agency["_id"]]
    assert uow.agencies.get(agency["_id"])["status"] == "expired"
    # the worker's thread: a licence that falls due later is expired by a later tick
    later, other = licensed_agency(FakeLicensingUnitOfWork(), n=2)
    stop = expire.start_ticker(Licensing(later), every_s=0.01)
    try:
        later.agencies.rows[other["_id"]]["valid_until"] = "2020-01-01"
        assert eventually(lambda: later.agencies.get(other["_id"])["status"] == "expired", timeout=5,
                          interval=0.002)
    finally:
        stop.set()
