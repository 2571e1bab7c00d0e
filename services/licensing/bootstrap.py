"""Licensing's composition root: the web app, the worker and the expiry command start here."""
from dataclasses import dataclass

from services.common.bootstrap import base
from services.common.config import Settings

from . import events  # noqa: F401  (registers licensing's event contracts)
from .service_layer.scoring import seed_rules
from .service_layer.unit_of_work import LicensingUnitOfWork
from .storage.repositories import ensure_indexes


@dataclass
class Licensing:
    settings: Settings
    client: object
    db: object

    def uow(self) -> LicensingUnitOfWork:
        return LicensingUnitOfWork(self.client, self.db)

    def consumers(self) -> list:
        from .handlers.rights_events import make_spec
        return [make_spec(self.uow)]


def bootstrap(settings: Settings | None = None, log_name: str = "licensing",
              seed: bool = False) -> Licensing:
    b = base("licensing", settings, log_name)
    ensure_indexes(b.db)
    lic = Licensing(settings=b.settings, client=b.client, db=b.db)
    if seed:
        seed_rules(lic.uow())  # the default rule table, once; later edits are kept
    return lic
