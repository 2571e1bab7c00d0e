"""The registry's published event contracts: types, versions, topics and JSON Schemas.
Consumers in other services import this package (and only this one) from the registry."""
from pathlib import Path

from services.common.events.catalog import EventContracts, register

PERSON_TOPIC = "registry.person"
QUALITY_TOPIC = "registry.quality"

CONTRACTS = register(EventContracts(
    source="registry",
    events={
        "person.registered": (PERSON_TOPIC, 1),
        "person.updated": (PERSON_TOPIC, 1),
        "person.status_changed": (PERSON_TOPIC, 1),
        "training.recorded": (PERSON_TOPIC, 1),
        "migration.recorded": (PERSON_TOPIC, 1),
        "income.reported": (PERSON_TOPIC, 1),
        "data_quality.measured": (QUALITY_TOPIC, 1),
    },
    schema_dir=Path(__file__).parent / "schemas",
))
