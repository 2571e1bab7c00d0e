"""How the registry reacts to the jobs service's events: a placement makes the person a
migrant worker at that employer. The handler runs the use case in the consumer's transaction
(a joined unit of work), so the effect and the processed-event record commit together."""
from services.common.events.consumer import ConsumerSpec
from services.jobs import events as jobs_events

from ..service_layer import records as use_cases

GROUP = "registry"
# The fields of jobs' events this consumer relies on (checked against jobs' published schema).
READS = {"placement.made": ("placement_id", "person_id", "employer_name", "city", "start_date",
                            "monthly_wage", "organized")}


def make_spec(new_uow) -> ConsumerSpec:
    def on_placement_made(event, session):
        use_cases.on_placement_made(new_uow().joined(session), event)

    return ConsumerSpec(group_id=GROUP, topics=[jobs_events.PLACEMENT_TOPIC],
                        handlers={"placement.made": on_placement_made})
