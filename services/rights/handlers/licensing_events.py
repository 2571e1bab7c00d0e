"""How the rights service reacts to licensing's agency events: its local agency table (a
complaint links a respondent agency by id and knows whether it is licensed)."""
from services.common.events.consumer import ConsumerSpec
from services.licensing import events as licensing_events

from ..service_layer import intake_sources

GROUP = "rights"
TYPES = ("agency.licensed", "agency.renewed", "agency.reinstated", "agency.suspended",
         "agency.revoked", "agency.expired")
# the fields relied on (docs/events.md); the contract test checks licensing still requires them
READS = {t: ("agency_id", "name", "license_number", "at") for t in TYPES}


def make_spec(new_uow) -> ConsumerSpec:
    def on_agency(event, session):
        intake_sources.on_agency_event(new_uow().joined(session), event)

    return ConsumerSpec(group_id=GROUP, topics=[licensing_events.AGENCY_TOPIC],
                        handlers={t: on_agency for t in TYPES})
