"""How evaluation reacts to the jobs service's events: postings published, output bases
established and ended, recruitment orders and placements."""
from services.jobs import events as jobs_events

from . import spec_for

# The fields of the producer's events this consumer relies on: a contract test checks that the
# producer's published schema still requires each of them.
WANTS = {
    "posting.published": ("posting_id", "work_region", "headcount", "published_at"),
    "base.established": ("base_id", "township_code", "on"),
    "base.ended": ("base_id", "on"),
    "order.created": ("order_id", "at"),
    "placement.made": ("person_id", "township_code", "placed_at"),
}
# The contract checked today: the wanted types the producer publishes now (the others are
# listed by tests/unit/evaluation/test_consumer_contracts.py as pending).
READS = {t: f for t, f in WANTS.items() if t in jobs_events.CONTRACTS.events}
TOPICS = ["jobs.posting", "jobs.base", "jobs.order", "jobs.placement"]


def make_spec(new_uow):
    published = set(jobs_events.CONTRACTS.topics)
    return spec_for(new_uow, jobs_events.CONTRACTS, [t for t in TOPICS if t in published], WANTS)
