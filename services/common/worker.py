"""A service's background process: its outbox relay and its event consumers, one thread each.
Consumer specs are grouped by consumer group: one Kafka consumer per group (consumer.py)."""
import logging
import signal
import threading
from datetime import timedelta

from confluent_kafka import Producer

from .config import Settings
from .events.consumer import ConsumerRunner, ConsumerSpec, group_specs
from .events.relay import OutboxRelay, producer_config
from .events.topics import ensure_topics
from .logs import setup_logging
from .mongo import client_for
from .revocation import revocation_consumer

# the embedded broker's end-offset probe period while a consumer idles (events/idle.py)
EMBEDDED_IDLE_PROBE = 0.025


def run_worker(service: str, consumers: list[ConsumerSpec], relay: bool = True,
               on_start=None, revocations: bool = True) -> None:
    """`revocations`: also keep this service's copy of the gateway's token revocation list."""
    settings = Settings.load(service)
    log = setup_logging(f"{service}-worker", settings.log_level)
    client = client_for(settings.mongo_url)
    db = client[settings.mongo_db]
    ensure_topics(settings.kafka_bootstrap)
    if on_start:
        on_start(db)
    embedded = settings.kafka_broker == "embedded"
    if revocations:
        consumers = [*consumers, revocation_consumer(db, service)]
    runners = []
    if relay:
        runners.append(OutboxRelay(
            db, settings.kafka_bootstrap,
            retention=timedelta(days=settings.outbox_retention_days),
            republish=timedelta(minutes=settings.outbox_republish_minutes) if embedded else None))
    # one dead-letter producer for all the consumers of the process: each librdkafka client
    # has its own threads, which wake every second even when idle
    dlq = Producer(producer_config(settings.kafka_bootstrap))
    runners += [ConsumerRunner(spec, client, db, settings.kafka_bootstrap,
                               mode=settings.kafka_consumer_mode,
                               idle_probe=EMBEDDED_IDLE_PROBE if embedded else 0.0, dlq=dlq)
                for spec in group_specs(consumers)]
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
