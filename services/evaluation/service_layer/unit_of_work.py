"""Evaluation's unit of work: its repositories and the outbox, one transaction."""
from services.common.uow import MongoUnitOfWork

from ..storage.assessment import (ManualScoreRepository, RankingRepository, RuleRepository,
                                  TargetRepository)
from ..storage.awards import ModelCaseRepository, NominationRepository, PeopleRepository
from ..storage.reports import ReportRepository
from ..storage.indicators import IndicatorRepository, KeyedFactRepository, TimelineRepository


class EvaluationUnitOfWork(MongoUnitOfWork):
    indicators: IndicatorRepository
    timelines: TimelineRepository
    facts: KeyedFactRepository
    targets: TargetRepository
    rules: RuleRepository
    manual_scores: ManualScoreRepository
    rankings: RankingRepository
    reports: ReportRepository
    people: PeopleRepository
    nominations: NominationRepository
    model_cases: ModelCaseRepository

    def repositories(self, db, session) -> dict:
        return {"indicators": IndicatorRepository(db, session),
                "timelines": TimelineRepository(db, session),
                "facts": KeyedFactRepository(db, session),
                "targets": TargetRepository(db, session),
                "rules": RuleRepository(db, session),
                "manual_scores": ManualScoreRepository(db, session),
                "rankings": RankingRepository(db, session),
                "reports": ReportRepository(db, session),
                "people": PeopleRepository(db, session),
                "nominations": NominationRepository(db, session),
                "model_cases": ModelCaseRepository(db, session)}
