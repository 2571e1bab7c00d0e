"""Registry background process: seeds the regions table, relays the outbox."""
from services.common.worker import run_worker

from .storage.persons import ensure_indexes, seed_regions


def _prepare(db):
    ensure_indexes(db)
    seed_regions(db)


if __name__ == "__main__":
    run_worker("registry", consumers=[], on_start=_prepare)
