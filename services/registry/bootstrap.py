"""The registry's composition root: the web app and the worker both start here."""
import os
from dataclasses import dataclass

from services.common.bootstrap import base
from services.common.config import Settings

from . import events  # noqa: F401  (registers the registry's event contracts)
from .domain.labor_age import LaborAges
from .service_layer.unit_of_work import RegistryUnitOfWork
from .storage.households import ensure_household_indexes
from .storage.imports import ensure_import_indexes
from .storage.persons import PersonRepository, ReadAuditRepository, ensure_indexes
from .storage.regions import RegionCache, seed_regions
from .storage.rollups import ensure_rollups


@dataclass
class Registry:
    settings: Settings
    client: object
    db: object
    regions: RegionCache
    labor_ages: LaborAges

    def uow(self) -> RegistryUnitOfWork:
        return RegistryUnitOfWork(self.client, self.db)

    def reader(self) -> PersonRepository:
        """People outside a transaction: exports and statistics, long reads."""
        return PersonRepository(self.db, None)

    def read_audit(self) -> ReadAuditRepository:
        return ReadAuditRepository(self.db, None)

    def consumers(self) -> list:
        from .handlers.jobs_events import make_spec
        return [make_spec(self.uow)]


def bootstrap(settings: Settings | None = None, log_name: str = "registry",
              seed: bool = False) -> Registry:
    b = base("registry", settings, log_name)
    ensure_indexes(b.db)
    ensure_import_indexes(b.db)
    ensure_household_indexes(b.db)
    if seed:
        seed_regions(b.db)
        # the statistics' village rollups of a register kept before them; what a stopped
        # import left pending is folded in (storage/rollups.py)
        ensure_rollups(b.client, b.db)
    return Registry(settings=b.settings, client=b.client, db=b.db, regions=RegionCache(b.db),
                    labor_ages=LaborAges.from_env(os.environ))
