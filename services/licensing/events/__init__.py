"""The licensing service's published event contracts: types, versions, topics and JSON Schemas
(docs/events.md). Jobs and rights import this package, and only this one, from licensing."""
from pathlib import Path

from services.common.events.catalog import EventContracts, register

AGENCY_TOPIC = "licensing.agency"
AD_TOPIC = "licensing.ad"
ENFORCEMENT_TOPIC = "licensing.enforcement"
SOURCE = "licensing"

CONTRACTS = register(EventContracts(
    source=SOURCE,
    events={
        "agency.licensed": (AGENCY_TOPIC, 1),
        "agency.renewed": (AGENCY_TOPIC, 1),
        "agency.reinstated": (AGENCY_TOPIC, 1),
        "agency.suspended": (AGENCY_TOPIC, 1),
        "agency.revoked": (AGENCY_TOPIC, 1),
        "agency.expired": (AGENCY_TOPIC, 1),
        "agency.score_changed": (AGENCY_TOPIC, 1),
        "ad.approved": (AD_TOPIC, 1),
        "enforcement.opened": (ENFORCEMENT_TOPIC, 1),
        "enforcement.closed": (ENFORCEMENT_TOPIC, 1),
    },
    schema_dir=Path(__file__).parent / "schemas",
))
