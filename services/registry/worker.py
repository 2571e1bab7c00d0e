"""Registry background process: seeds the regions table, relays the outbox, consumes the jobs
service's placements and runs spreadsheet imports."""
from services.common.worker import run_worker

from .bootstrap import bootstrap
from .handlers.import_runner import ImportRunner

if __name__ == "__main__":
    registry = bootstrap(log_name="registry-worker", seed=True)
    run_worker("registry", consumers=registry.consumers(),
               on_start=lambda db: ImportRunner(registry).start())
