"""How licensing reacts to rights' events: a substantiated case against an agency costs it
points; a report of an illegal agency opens or joins an enforcement case. Each handler runs its
use case in the consumer's transaction (a joined unit of work)."""
from services.common.events.consumer import ConsumerSpec
from services.rights import events as rights_events

from ..service_layer import enforcement, scoring

GROUP = "licensing"
# the fields of rights' events this consumer relies on (checked against rights' schemas)
READS = {"case.closed": ("case_id", "category", "respondent_type", "respondent_id", "substantiated"),
         "illegal_agency.reported": ("case_id", "suspect_name", "place")}


def make_spec(new_uow) -> ConsumerSpec:
    def on_case_closed(event, session):
        scoring.on_case_closed(new_uow().joined(session), event)

    def on_illegal_agency_reported(event, session):
        enforcement.on_illegal_agency_reported(new_uow().joined(session), event)

    return ConsumerSpec(group_id=GROUP, topics=[rights_events.CASE_TOPIC],
                        handlers={"case.closed": on_case_closed,
                                  "illegal_agency.reported": on_illegal_agency_reported})
