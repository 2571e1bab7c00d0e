"""jobs background process: its outbox relay (consumers arrive with its features)."""
from services.common.worker import run_worker

if __name__ == "__main__":
    run_worker("jobs", consumers=[])
