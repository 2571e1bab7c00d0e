"""The rights service's unit of work: cases, agencies, drafts and the outbox, one transaction."""
from services.common.uow import MongoUnitOfWork

from ..storage.agencies import AgencyRepository
from ..storage.cases import CaseRepository
from ..storage.drafts import DraftRepository


class RightsUnitOfWork(MongoUnitOfWork):
    cases: CaseRepository
    agencies: AgencyRepository
    drafts: DraftRepository

    def repositories(self, db, session) -> dict:
        return {"cases": CaseRepository(db, session), "agencies": AgencyRepository(db, session),
                "drafts": DraftRepository(db, session)}
