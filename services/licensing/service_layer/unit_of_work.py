"""Licensing's unit of work: its repositories, counters and the outbox in one transaction."""
from services.common.uow import MongoUnitOfWork

from ..storage.repositories import (AdRepository, AgencyRepository, CaseRepository, Counters,
                                    DrawRepository, InspectionRepository, RuleRepository,
                                    TipRepository)


class LicensingUnitOfWork(MongoUnitOfWork):
    agencies: AgencyRepository
    inspections: InspectionRepository
    ads: AdRepository
    tips: TipRepository
    cases: CaseRepository
    draws: DrawRepository
    rules: RuleRepository
    counters: Counters

    def repositories(self, db, session) -> dict:
        return {"agencies": AgencyRepository(db, session), "inspections": InspectionRepository(db, session),
                "ads": AdRepository(db, session), "tips": TipRepository(db, session),
                "cases": CaseRepository(db, session), "draws": DrawRepository(db, session),
                "rules": RuleRepository(db, session), "counters": Counters(db, session)}
