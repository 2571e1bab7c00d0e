"""Evaluation's published event contracts (its report and ranking events arrive with their
features; the topic exists already so that consumers can subscribe)."""
from pathlib import Path

from services.common.events.catalog import EventContracts, register

REPORT_TOPIC = "evaluation.report"

CONTRACTS = register(EventContracts(
    source="evaluation",
    events={},
    schema_dir=Path(__file__).parent / "schemas",
    extra_topics=(REPORT_TOPIC,),
))
