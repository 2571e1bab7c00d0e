"""Rights background process: relays its outbox; keeps the agency table from licensing's
events and turns jobs' unpaid-wage alerts into complaint drafts."""
from services.common.worker import run_worker

from .bootstrap import bootstrap

if __name__ == "__main__":
    rights = bootstrap(log_name="rights-worker")
    run_worker("rights", consumers=rights.consumers())
