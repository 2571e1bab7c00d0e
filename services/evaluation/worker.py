"""Evaluation background process: consumes registry events into indicators."""
from services.common.config import Settings
from services.common.mongo import client_for
from services.common.worker import run_worker

from .handlers.registry_events import make_spec

if __name__ == "__main__":
    settings = Settings.load("evaluation")
    db = client_for(settings.mongo_url)[settings.mongo_db]
    run_worker("evaluation", consumers=[make_spec(db)], relay=True)
