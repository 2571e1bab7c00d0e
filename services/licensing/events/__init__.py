"""The licensing service's published event contracts (types arrive with its features)."""
from pathlib import Path

from services.common.events.catalog import EventContracts, register

AGENCY_TOPIC = "licensing.agency"
ENFORCEMENT_TOPIC = "licensing.enforcement"

CONTRACTS = register(EventContracts(
    source="licensing", events={}, schema_dir=Path(__file__).parent / "schemas",
    extra_topics=(AGENCY_TOPIC, ENFORCEMENT_TOPIC)))
