"""The registry's unit of work: people (with their change log), the read audit, idempotency
keys, imports and the outbox, one transaction."""
from services.common.uow import MongoUnitOfWork

from ..storage.campaigns import CampaignReviewRepository
from ..storage.households import HouseholdRepository
from ..storage.persons import IdempotencyRepository, PersonRepository, ReadAuditRepository
from ..storage.quality import QualityRunRepository


class RegistryUnitOfWork(MongoUnitOfWork):
    persons: PersonRepository
    reads: ReadAuditRepository
    idempotency: IdempotencyRepository
    households: HouseholdRepository
    campaigns: CampaignReviewRepository
    quality_runs: QualityRunRepository

    def repositories(self, db, session) -> dict:
        return {"persons": PersonRepository(db, session), "reads": ReadAuditRepository(db, session),
                "idempotency": IdempotencyRepository(db, session),
                "households": HouseholdRepository(db, session),
                "campaigns": CampaignReviewRepository(db, session),
                "quality_runs": QualityRunRepository(db, session)}
