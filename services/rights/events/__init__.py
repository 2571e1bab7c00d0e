"""The rights service's published event contracts (types arrive with its features)."""
from pathlib import Path

from services.common.events.catalog import EventContracts, register

CASE_TOPIC = "rights.case"

CONTRACTS = register(EventContracts(
    source="rights", events={}, schema_dir=Path(__file__).parent / "schemas",
    extra_topics=(CASE_TOPIC,)))
