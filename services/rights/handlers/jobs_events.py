"""How the rights service reacts to jobs' events: an unpaid-wage report becomes a complaint
draft for the rights center to follow up."""
from services.common.events.consumer import ConsumerSpec
from services.jobs import events as jobs_events

from ..service_layer import intake_sources

GROUP = "rights"
READS = {"placement.wage_unpaid": ("placement_id", "person_id", "township_code", "employer_id",
                                   "employer_name", "reported_at")}


def make_spec(new_uow) -> ConsumerSpec:
    def on_wage_unpaid(event, session):
        intake_sources.on_wage_unpaid(new_uow().joined(session), event)

    return ConsumerSpec(group_id=GROUP, topics=[jobs_events.PLACEMENT_TOPIC],
                        handlers={"placement.wage_unpaid": on_wage_unpaid})
