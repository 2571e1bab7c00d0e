"""Rebuild evaluation's indicators from the topics' beginning into a fresh database and compare
them with the live ones:

    python -m services.evaluation.replay [--into lex_evaluation_replay] [--keep]

It reads every partition of the topics evaluation consumes (and its own) from offset 0 to the
end offsets they have when it starts, with a throw-away consumer group that commits nothing,
so the live consumers are not disturbed. Invalid events are skipped (the live consumers sent
them to the DLQ). Prints a JSON summary; exits 1 when the numbers differ."""
import argparse
import json
import sys
import time
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

from services.common.events.catalog import EventInvalid, validate_event

from .bootstrap import bootstrap
from .handlers import jobs_events, registry_events, rights_events
from .service_layer.replay import differences, replay
from .service_layer.unit_of_work import EvaluationUnitOfWork
from .storage.indicators import cell_values, ensure_indexes


def topics() -> list[str]:
    from . import events as own
    names = []
    for consumer in (registry_events, jobs_events, rights_events):
        names += consumer.make_spec(lambda: None).topics
    return names + [t for t in own.CONTRACTS.topics if t in own.REPLAYED_TOPICS]


def end_offsets(consumer: Consumer, names: list[str]) -> dict:
    """(topic, partition) -> its end offset now, for the partitions holding anything."""
    ends = {}
    for topic in names:
        meta = consumer.list_topics(topic, timeout=15).topics.get(topic)
        for p in (meta.partitions if meta else {}):
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=15,
                                                       cached=False)
            if high > low:
                ends[(topic, p)] = high
    return ends


def read_until(consumer: Consumer, ends: dict, timeout: float = 300.0):
    """Every valid event of the partitions in `ends`, from the beginning to those offsets."""
    left = dict(ends)
    consumer.assign([TopicPartition(t, p, OFFSET_BEGINNING) for t, p in left])
    deadline = time.monotonic() + timeout
    while left:
        if time.monotonic() > deadline:
            raise TimeoutError(f"did not reach the end offsets {left}")
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            continue
        key = (msg.topic(), msg.partition())
        if key not in left or msg.offset() >= left[key]:
            continue  # written after the replay started: not part of this rebuild
        if msg.offset() + 1 >= left[key]:
            del left[key]
        try:
            event = json.loads(msg.value().decode("utf-8"))
            validate_event(event)
        except (ValueError, UnicodeDecodeError, AttributeError, EventInvalid):
            continue
        yield event


def live_caught_up(bootstrap_servers: str, ends: dict, timeout: float) -> bool:
    """Has the live consumer group committed exactly up to `ends` (so that its figures and the
    rebuilt ones cover the same events)? Waits up to `timeout` for it to catch up."""
    from .handlers import GROUP
    probe = Consumer({"bootstrap.servers": bootstrap_servers, "group.id": GROUP,
                      "enable.auto.commit": False})
    try:
        deadline = time.monotonic() + timeout
        while True:
            committed = probe.committed([TopicPartition(t, p) for t, p in ends], timeout=15)
            at = {(tp.topic, tp.partition): tp.offset for tp in committed}
            if all(at.get(k, -1) == v for k, v in ends.items()):
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.5)
    finally:
        probe.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--into", help="database to rebuild into (dropped first); "
                                       "default: <evaluation db>_replay")
    parser.add_argument("--wait", type=float, default=30.0,
                        help="seconds to wait for the live consumer to reach the same offsets")
    parser.add_argument("--keep", action="store_true", help="keep the rebuilt database")
    args = parser.parse_args(argv)
    evaluation = bootstrap(log_name="evaluation-replay")
    target_name = args.into or f"{evaluation.settings.mongo_db}_replay"
    if target_name == evaluation.settings.mongo_db:
        parser.error("--into must name a database other than the live one")
    client = evaluation.client
    client.drop_database(target_name)
    target = client[target_name]
    ensure_indexes(target)
    started = time.perf_counter()
    names = topics()
    bootstrap_servers = evaluation.settings.kafka_bootstrap
    consumer = Consumer({"bootstrap.servers": bootstrap_servers,
                         "group.id": f"evaluation-replay-{uuid.uuid4().hex}",
                         "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    try:
        ends = end_offsets(consumer, names)
        count = replay(lambda: EvaluationUnitOfWork(client, target), read_until(consumer, ends))
    finally:
        consumer.close()
    seconds = round(time.perf_counter() - started, 2)
    # the live figures are compared once the live consumer has handled the same events
    from . import events as own
    consumed = {k: v for k, v in ends.items() if k[0] not in own.REPLAYED_TOPICS}
    in_step = live_caught_up(bootstrap_servers, consumed, args.wait)
    rebuilt = cell_values(target)
    diffs = differences(cell_values(evaluation.db), rebuilt)
    summary = {"topics": names, "events": count, "cells": len([v for v in rebuilt.values() if v]),
               "seconds": seconds, "into": target_name, "live_in_step": in_step,
               "identical": not diffs, "differences": diffs[:20]}
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if not args.keep:
        client.drop_database(target_name)
    return 0 if not diffs else 1


if __name__ == "__main__":
    sys.exit(main())
