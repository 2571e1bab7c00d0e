"""How evaluation reacts to the registry's events."""
from services.common.events.consumer import ConsumerSpec

from ..domain.indicators import registration_increment
from ..storage import indicators


def make_spec(db) -> ConsumerSpec:
    def on_person_registered(event, session):
        year, township, deltas = registration_increment(event)
        indicators.increment(db, session, year, township, deltas)

    return ConsumerSpec(group_id="evaluation", topics=["registry.person"],
                        handlers={"person.registered": on_person_registered})
