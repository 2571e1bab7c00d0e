"""The licensed-agency table from licensing's agency events; a suspended, revoked or expired
agency's postings are withdrawn in the same transaction as the processed-event record."""
from services.common.events.consumer import ConsumerSpec
from services.licensing import events as licensing_events

from ..domain.agency import STATUS_AFTER
from ..service_layer import postings as use_cases

GROUP = "jobs"
LICENSED = ("agency_id", "name", "credit_code", "license_number", "valid_until", "at")
STOPPED = ("agency_id", "name", "license_number", "reason", "at")
WANTS = {"agency.licensed": LICENSED, "agency.renewed": LICENSED, "agency.reinstated": LICENSED,
         "agency.suspended": STOPPED, "agency.revoked": STOPPED, "agency.expired": STOPPED}
READS = {t: f for t, f in WANTS.items() if t in licensing_events.CONTRACTS.events}
assert set(WANTS) == set(STATUS_AFTER)


def make_spec(new_uow) -> ConsumerSpec:
    def on_agency_event(event, session):
        use_cases.on_agency_event(new_uow().joined(session), event)

    return ConsumerSpec(group_id=GROUP, topics=[licensing_events.AGENCY_TOPIC],
                        handlers={t: on_agency_event for t in READS})
