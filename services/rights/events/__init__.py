"""The rights service's published event contracts: types, versions, topics and JSON Schemas.
Consumers in other services import this package (and only this one) from rights."""
from pathlib import Path

from services.common.events.catalog import EventContracts, register

CASE_TOPIC = "rights.case"

CONTRACTS = register(EventContracts(
    source="rights",
    events={
        "case.opened": (CASE_TOPIC, 1),
        "case.referred": (CASE_TOPIC, 1),
        "referral.accepted": (CASE_TOPIC, 1),
        "referral.rejected": (CASE_TOPIC, 1),
        "referral.revoked": (CASE_TOPIC, 1),
        "case.transferred": (CASE_TOPIC, 1),
        "legal_aid.assigned": (CASE_TOPIC, 1),
        "case.closed": (CASE_TOPIC, 1),
        "illegal_agency.reported": (CASE_TOPIC, 1),
    },
    schema_dir=Path(__file__).parent / "schemas",
))
