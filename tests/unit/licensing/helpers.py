"""Shared steps for licensing's use-case tests: actors by department and a licensed agency."""
from datetime import datetime, timezone

from services.licensing.service_layer import agencies
from tests.support.factories import actor
from tests.support.licensing_fakes import FakeLicensingUnitOfWork, application_body

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
LABOR = actor("county_admin")
POLICE = actor("police_officer", department="police")
COMMERCE = actor("commerce_officer", department="commerce")
LEADER = actor("leader")


def licensed_agency(uow=None, n: int = 1, operating: bool = True):
    uow = uow or FakeLicensingUnitOfWork()
    agency = agencies.apply(uow, application_body(n), LABOR, now=NOW)
    agencies.decide(uow, agency["_id"], "review", LABOR, now=NOW)
    agency = agencies.decide(uow, agency["_id"], "approve", LABOR, now=NOW)
    if operating:
        agency = agencies.record_business_license(
            uow, agency["_id"], {"number": f"41132500000{n:04d}", "registered_on": "2026-03-05"},
            COMMERCE, now=NOW)
    return uow, agency
