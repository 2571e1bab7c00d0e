"""The jobs service's published event contracts (types arrive with its features)."""
from pathlib import Path

from services.common.events.catalog import EventContracts, register

POSTING_TOPIC = "jobs.posting"
PLACEMENT_TOPIC = "jobs.placement"

CONTRACTS = register(EventContracts(
    source="jobs", events={}, schema_dir=Path(__file__).parent / "schemas",
    extra_topics=(POSTING_TOPIC, PLACEMENT_TOPIC)))
