"""The jobs service's published event contracts: types, versions, topics and JSON Schemas
(docs/events.md). Consumers in other services import this package (and only this one)."""
from pathlib import Path

from services.common.events.catalog import EventContracts, register

POSTING_TOPIC = "jobs.posting"
BASE_TOPIC = "jobs.base"
ORDER_TOPIC = "jobs.order"
PLACEMENT_TOPIC = "jobs.placement"

CONTRACTS = register(EventContracts(
    source="jobs",
    events={
        "posting.published": (POSTING_TOPIC, 1),
        "posting.withdrawn": (POSTING_TOPIC, 1),
        "base.established": (BASE_TOPIC, 1),
        "base.ended": (BASE_TOPIC, 1),
        "order.created": (ORDER_TOPIC, 1),
        "order.filled": (ORDER_TOPIC, 1),
        "placement.made": (PLACEMENT_TOPIC, 1),
        "placement.wage_unpaid": (PLACEMENT_TOPIC, 1),
    },
    schema_dir=Path(__file__).parent / "schemas"))
