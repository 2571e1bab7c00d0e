"""Registry background process: seeds the regions table, relays the outbox, consumes the jobs
service's placements, runs spreadsheet imports and publishes the day's data quality."""
from services.common.periodic import every
from services.common.worker import run_worker

from .bootstrap import bootstrap
from .handlers.import_runner import ImportRunner
from .handlers.quality_ticker import start_ticker
from .handlers.rollup_fold import fold_unless_importing

FOLD_EVERY_S = 5.0   # the statistics' pending increments into the village rollups


def _start(registry):
    ImportRunner(registry).start()
    start_ticker(registry)
    every(FOLD_EVERY_S, lambda: fold_unless_importing(registry.client, registry.db), "rollup-fold")


if __name__ == "__main__":
    registry = bootstrap(log_name="registry-worker", seed=True)
    run_worker("registry", consumers=registry.consumers(), on_start=lambda db: _start(registry))
