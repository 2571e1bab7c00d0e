"""The rights service's composition root: the web app and the worker both start here."""
from dataclasses import dataclass

from services.common.bootstrap import base
from services.common.config import Settings

from . import events  # noqa: F401  (registers the rights service's event contracts)
from services.common import public_limit as ratelimit

from .service_layer.unit_of_work import RightsUnitOfWork

from .storage import agencies, cases, drafts


@dataclass
class Rights:
    settings: Settings
    client: object
    db: object

    def uow(self) -> RightsUnitOfWork:
        return RightsUnitOfWork(self.client, self.db)

    def consumers(self) -> list:
        from .handlers.jobs_events import make_spec as jobs_spec
        from .handlers.licensing_events import make_spec as licensing_spec
        return [licensing_spec(self.uow), jobs_spec(self.uow)]


def bootstrap(settings: Settings | None = None, log_name: str = "rights") -> Rights:
    b = base("rights", settings, log_name)
    for module in (cases, agencies, drafts, ratelimit):
        module.ensure_indexes(b.db)
    return Rights(settings=b.settings, client=b.client, db=b.db)
