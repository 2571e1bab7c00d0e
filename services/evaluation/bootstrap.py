"""Evaluation's composition root: the web app and the worker both start here."""
from dataclasses import dataclass

from services.common.bootstrap import base
from services.common.config import Settings

from . import events  # noqa: F401  (registers evaluation's event contracts)
from .service_layer.unit_of_work import EvaluationUnitOfWork
from .storage import assessment as assessment_storage
from .storage import awards as award_storage
from .storage import reports as report_storage
from .storage.indicators import ensure_indexes


@dataclass
class Evaluation:
    settings: Settings
    client: object
    db: object

    def uow(self) -> EvaluationUnitOfWork:
        return EvaluationUnitOfWork(self.client, self.db)

    def consumers(self) -> list:
        from .handlers import jobs_events, registry_events, rights_events
        return [m.make_spec(self.uow) for m in (registry_events, jobs_events, rights_events)]


def bootstrap(settings: Settings | None = None, log_name: str = "evaluation") -> Evaluation:
    b = base("evaluation", settings, log_name)
    ensure_indexes(b.db)
    assessment_storage.ensure_indexes(b.db)
    report_storage.ensure_indexes(b.db)
    award_storage.ensure_indexes(b.db)
    return Evaluation(settings=b.settings, client=b.client, db=b.db)
