"""Evaluation's published event contracts: types, versions, topics and JSON Schemas.
`model_case.recorded` is also read back by the replay (python -m services.evaluation.replay):
the model-case indicator is rebuilt from it like the others from other services' events."""
from pathlib import Path

from services.common.events.catalog import EventContracts, register

REPORT_TOPIC = "evaluation.report"
RANKING_TOPIC = "evaluation.ranking"
MODEL_CASE_TOPIC = "evaluation.model_case"
AWARD_TOPIC = "evaluation.award"
REPLAYED_TOPICS = (MODEL_CASE_TOPIC,)

CONTRACTS = register(EventContracts(
    source="evaluation",
    events={
        "report.accepted": (REPORT_TOPIC, 1),
        "ranking.published": (RANKING_TOPIC, 1),
        "model_case.recorded": (MODEL_CASE_TOPIC, 1),
        "award.granted": (AWARD_TOPIC, 1),
    },
    schema_dir=Path(__file__).parent / "schemas",
))
