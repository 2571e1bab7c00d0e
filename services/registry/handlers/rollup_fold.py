"""The worker's periodic fold of the statistics' pending increments (storage/rollups.py)."""
from ..storage import rollups
from ..storage.imports import ImportRepository


def fold_unless_importing(client, db) -> int | None:
    """Folds, or returns None while an import runs: the import folds every few batches itself
    (service_layer/imports.FOLD_EVERY), and a fold rewrites every village the pending
    increments touch (an import batch touches up to all 295, about 1,200 document writes).
    Folding every 5 s besides cost a 20,000-row import about 19% more database CPU. Reads
    add what is pending meanwhile, so the counts stay exact."""
    if ImportRepository(db).running():
        return None
    return rollups.fold(client, db)
