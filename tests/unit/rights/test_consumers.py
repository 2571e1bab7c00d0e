"""The rights service's consumers: subscribed to topics their producers publish, handling
only types those producers declare; the local agency table keeps the newest state."""
from services.common.events import catalog
from services.jobs import events as jobs_events
from services.licensing import events as licensing_events
from services.rights.handlers import jobs_events as on_jobs
from services.rights.handlers import licensing_events as on_licensing
from services.rights.service_layer import intake_sources
from tests.support.rights_fakes import FakeRightsUnitOfWork


def test_the_consumers_subscribe_to_published_topics_and_types():
    for module, producer in ((on_licensing, licensing_events), (on_jobs, jobs_events)):
        spec = module.make_spec(lambda: None)
        assert spec.group_id == "rights"
        assert set(spec.topics) <= set(catalog.registered_topics())
        assert set(spec.handlers) <= set(producer.CONTRACTS.events)


def agency_event(type_, at, **data):
    base = {"agency_id": "ag-1", "name": "宏达职介所", "license_number": "豫001", "at": at}
    return {"type": type_, "data": {**base, **data}}


def test_the_agency_table_keeps_the_latest_state_whatever_the_delivery_order():
    uow = FakeRightsUnitOfWork()
    intake_sources.on_agency_event(uow, agency_event("agency.licensed", "2026-01-01T00:00:00Z",
                                                     credit_code="91411325MA0000000X"))
    intake_sources.on_agency_event(uow, agency_event("agency.revoked", "2026-02-01T00:00:00Z",
                                                     reason="违规收费"))
    # an old event redelivered late changes nothing
    intake_sources.on_agency_event(uow, agency_event("agency.licensed", "2026-01-01T00:00:00Z"))
    agency = uow.agencies.get("ag-1")
    assert agency["status"] == "revoked" and agency["credit_code"] == "91411325MA0000000X"
