"""Evaluation background process: consumes other services' events into indicators."""
from services.common.worker import run_worker

from .bootstrap import bootstrap

if __name__ == "__main__":
    evaluation = bootstrap(log_name="evaluation-worker")
    run_worker("evaluation", consumers=evaluation.consumers())
