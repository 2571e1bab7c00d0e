"""A service's background process: its outbox relay and its event consumers, one thread each."""
import logging
import signal
import threading

from .config import Settings
from .events.consumer import ConsumerRunner, ConsumerSpec
from .events.relay import OutboxRelay
from .events.topics import ensure_topics
from .logs import setup_logging
from .mongo import client_for


def run_worker(service: str, consumers: list[ConsumerSpec], relay: bool = True,
               on_start=None) -> None:
    settings = Settings.load(service)
    log = setup_logging(f"{service}-worker", settings.log_level)
    client = client_for(settings.mongo_url)
    db = client[settings.mongo_db]
    ensure_topics(settings.kafka_bootstrap)
    if on_start:
        on_start(db)
    runners = []
    if relay:
        runners.append(OutboxRelay(db, settings.kafka_bootstrap))
    runners += [ConsumerRunner(spec, client, db, settings.kafka_bootstrap,
                               mode=settings.kafka_consumer_mode) for spec in consumers]
    threads = [threading.Thread(target=r.run, name=type(r).__name__, daemon=True) for r in runners]

    def stop(signum, frame):
        log.info("stopping worker (signal %s)", signum)
        for r in runners:
            r.stop_event.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for t in threads:
        t.start()
    log.info("worker started: relay=%s consumers=%s", relay, [c.group_id for c in consumers])
    for t in threads:
        while t.is_alive():
            t.join(0.5)
    logging.shutdown()
