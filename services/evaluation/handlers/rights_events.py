"""How evaluation reacts to the rights service's events: cases opened and closed (wages
recovered)."""
from services.rights import events as rights_events

from . import spec_for

# The fields of the producer's events this consumer relies on: a contract test checks that the
# producer's published schema still requires each of them.
WANTS = {
    "case.opened": ("township_code", "opened_at"),
    "case.closed": ("township_code", "wages_recovered", "closed_at"),
}
# The contract checked today: the wanted types the producer publishes now (the others are
# listed by tests/unit/evaluation/test_consumer_contracts.py as pending).
READS = {t: f for t, f in WANTS.items() if t in rights_events.CONTRACTS.events}
TOPICS = ["rights.case"]


def make_spec(new_uow):
    published = set(rights_events.CONTRACTS.topics)
    return spec_for(new_uow, rights_events.CONTRACTS, [t for t in TOPICS if t in published], WANTS)
