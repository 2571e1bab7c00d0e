"""The jobs service's unit of work: its repositories and the outbox in one transaction."""
from services.common.uow import MongoUnitOfWork

from ..storage.employers import BaseRepository, EmployerRepository, StationRepository
from ..storage.notifications import MessageRepository, NoticeRepository, SubscriptionRepository
from ..storage.placements import (ApplicationRepository, FollowUpRepository, OrderRepository,
                                  PlacementRepository)
from ..storage.postings import AgencyRepository, PostingRepository
from ..storage.workers import WorkerRepository


class JobsUnitOfWork(MongoUnitOfWork):
    employers: EmployerRepository
    stations: StationRepository
    bases: BaseRepository
    postings: PostingRepository
    agencies: AgencyRepository
    workers: WorkerRepository
    orders: OrderRepository
    applications: ApplicationRepository
    placements: PlacementRepository
    follow_ups: FollowUpRepository
    subscriptions: SubscriptionRepository
    sms: MessageRepository
    notices: NoticeRepository

    def repositories(self, db, session) -> dict:
        return {"employers": EmployerRepository(db, session), "stations": StationRepository(db, session),
                "bases": BaseRepository(db, session), "postings": PostingRepository(db, session),
                "agencies": AgencyRepository(db, session), "workers": WorkerRepository(db, session),
                "orders": OrderRepository(db, session), "applications": ApplicationRepository(db, session),
                "placements": PlacementRepository(db, session), "follow_ups": FollowUpRepository(db, session),
                "subscriptions": SubscriptionRepository(db, session), "sms": MessageRepository(db, session),
                "notices": NoticeRepository(db, session)}
