"""Licensing background process: relays its outbox, consumes rights' events (deductions,
enforcement cases) and expires licences past their date every hour."""
from services.common.worker import run_worker

from .bootstrap import bootstrap
from .expire import start_ticker

if __name__ == "__main__":
    licensing = bootstrap(log_name="licensing-worker", seed=True)
    run_worker("licensing", consumers=licensing.consumers(),
               on_start=lambda db: start_ticker(licensing))
