"""The registry's unit of work: people (with their change log) and the outbox, one transaction."""
from services.common.uow import MongoUnitOfWork

from ..storage.persons import PersonRepository


class RegistryUnitOfWork(MongoUnitOfWork):
    persons: PersonRepository

    def repositories(self, db, session) -> dict:
        return {"persons": PersonRepository(db, session)}
