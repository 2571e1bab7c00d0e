"""How evaluation reacts to the registry's events: each handler runs a use case in the
consumer's transaction (a joined unit of work), so the effect and the processed-event record
commit together."""
from services.common.events.consumer import ConsumerSpec
from services.registry import events as registry_events

from ..service_layer import indicators as use_cases

GROUP = "evaluation"
# The fields of the registry's events this consumer relies on: a contract test checks that the
# registry's published schema still requires each of them.
READS = {"person.registered": ("township_code", "registered_at")}


def make_spec(new_uow) -> ConsumerSpec:
    def on_person_registered(event, session):
        use_cases.on_person_registered(new_uow().joined(session), event)

    return ConsumerSpec(group_id=GROUP, topics=[registry_events.PERSON_TOPIC],
                        handlers={"person.registered": on_person_registered})
