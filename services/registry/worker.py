"""Registry background process: seeds the regions table, relays the outbox, and consumes the
jobs service's placements."""
from services.common.worker import run_worker

from .bootstrap import bootstrap

if __name__ == "__main__":
    registry = bootstrap(log_name="registry-worker", seed=True)
    run_worker("registry", consumers=registry.consumers())
