"""Evaluation's unit of work: indicators and the outbox, one transaction."""
from services.common.uow import MongoUnitOfWork

from ..storage.indicators import IndicatorRepository


class EvaluationUnitOfWork(MongoUnitOfWork):
    indicators: IndicatorRepository

    def repositories(self, db, session) -> dict:
        return {"indicators": IndicatorRepository(db, session)}
