"""Evaluation's event consumers: one module per producer, each declaring READS (the fields of
that producer's events it relies on) and building a ConsumerSpec whose handlers apply the
event to the indicators in the consumer's transaction."""
from services.common.events.consumer import ConsumerSpec

from ..service_layer import indicators as use_cases

GROUP = "evaluation"


def spec_for(new_uow, producer_contracts, topics: list[str], reads: dict) -> ConsumerSpec:
    """Handlers for the types of `reads` that the producer publishes today: a type its code
    does not register yet could not pass schema validation (it would go to the DLQ), so it
    gets its handler the day the producer registers it."""
    def handle(event, session):
        use_cases.apply_event(new_uow().joined(session), event)

    def handle_batch(events, session):  # a poll's events: bulk reads and writes
        use_cases.apply_events(new_uow().joined(session), events)

    published = producer_contracts.events
    return ConsumerSpec(group_id=GROUP, topics=topics,
                        handlers={t: handle for t in reads if t in published},
                        batch_handler=handle_batch)
