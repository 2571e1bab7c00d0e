"""Worker profiles from the registry's events: each handler runs a use case in the consumer's
transaction (a joined unit of work), so the profile and the processed-event record commit
together."""
from services.common.events.consumer import ConsumerSpec
from services.registry import events as registry_events

from ..service_layer import matching as use_cases

GROUP = "jobs"
# The fields of the registry's events this consumer relies on (checked against its schemas).
WANTS = {
    "person.registered": ("person_id", "township_code", "village_code", "sex", "birth_date", "status"),
    "person.updated": ("person_id", "township_code", "village_code", "sex", "birth_date", "status"),
    "person.status_changed": ("person_id", "township_code", "village_code", "to_status"),
    "training.recorded": ("person_id", "township_code", "training_id", "course", "hours", "certified",
                          "ended_on"),
}
# checked today: the wanted types the registry publishes now
READS = {t: f for t, f in WANTS.items() if t in registry_events.CONTRACTS.events}
# optional fields read when present (wage expectation and region preference for matching):
# the producer must still declare them, but older events without them stay valid
OPTIONAL_READS = {"person.registered": ("expected_wage", "intended_regions"),
                  "person.updated": ("expected_wage", "intended_regions")}


def make_spec(new_uow) -> ConsumerSpec:
    def on_person_event(event, session):
        use_cases.on_person_event(new_uow().joined(session), event)

    def on_person_events(events, session):  # a poll's events: one read, one bulk write
        use_cases.on_person_events(new_uow().joined(session), events)

    return ConsumerSpec(group_id=GROUP, topics=[registry_events.PERSON_TOPIC],
                        handlers={t: on_person_event for t in READS},
                        batch_handler=on_person_events)
