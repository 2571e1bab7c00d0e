"""Evaluation's unit of work: its repositories and the outbox, one transaction."""
from services.common.uow import MongoUnitOfWork

from ..storage.indicators import IndicatorRepository, KeyedFactRepository, TimelineRepository


class EvaluationUnitOfWork(MongoUnitOfWork):
    indicators: IndicatorRepository
    timelines: TimelineRepository
    facts: KeyedFactRepository

    def repositories(self, db, session) -> dict:
        return {"indicators": IndicatorRepository(db, session),
                "timelines": TimelineRepository(db, session),
                "facts": KeyedFactRepository(db, session)}
