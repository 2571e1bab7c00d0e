"""How evaluation reacts to the registry's events: people registered, updated, changing status
(exported, returned, entrepreneurs), trainings, migrations, income and data quality."""
from services.registry import events as registry_events

from . import GROUP, spec_for  # noqa: F401  (GROUP: the consumer group, for tests and tools)

# The fields of the producer's events this consumer relies on: a contract test checks that the
# producer's published schema still requires each of them.
WANTS = {
    "person.registered": ("person_id", "township_code", "birth_date", "status", "registered_at"),
    "person.updated": ("person_id", "township_code", "status", "updated_at"),
    "person.status_changed": ("person_id", "township_code", "from_status", "to_status",
                              "organized", "changed_at"),
    "training.recorded": ("township_code", "certified", "ended_on"),
    "migration.recorded": ("person_id", "township_code", "start_date"),
    "income.reported": ("person_id", "township_code", "year", "amount", "reported_at"),
    "data_quality.measured": ("township_code", "measured_at", "completeness",
                              "confirmed_within_year"),
}
# The contract checked today: the wanted types the producer publishes now (the others are
# listed by tests/unit/evaluation/test_consumer_contracts.py as pending).
READS = {t: f for t, f in WANTS.items() if t in registry_events.CONTRACTS.events}
TOPICS = ["registry.person", "registry.quality"]


def make_spec(new_uow):
    published = set(registry_events.CONTRACTS.topics)
    return spec_for(new_uow, registry_events.CONTRACTS,
                    [t for t in TOPICS if t in published], WANTS)
