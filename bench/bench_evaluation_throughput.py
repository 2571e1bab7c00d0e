"""Indicator update throughput: events consumed from Kafka and applied to the indicators per
second, by evaluation's own consumers (the worker's code: ConsumerRunner with the specs of
services/evaluation/bootstrap.py, batches applied in one transaction with their
processed-event records), on a fresh database and a fresh consumer group.

1. N events (default 20,000; bench_evaluation_common.synthetic_events) plus a share of
   duplicates (default 5%, re-sent with the same ids) are published to their topics first.
2. Timed: from starting the consumer to the last distinct event recorded as processed.
   Then the same events applied without Kafka (the replay's path), for comparison.
3. Checked: the cells equal those of the same events applied in memory (duplicates ignored,
   arrival order irrelevant).

    .venv/bin/python bench/bench_evaluation_throughput.py [-n 20000] [--dup 0.05]
        [--mongo URL --kafka HOST:PORT]
"""
import argparse
import json
import os
import random
import sys
import threading
import time
import uuid

from bench_evaluation_common import (TOPIC_OF, MemoryUnitOfWork, add_server_arguments, servers,
                                     synthetic_events)
from confluent_kafka import Producer

from services.common.events.consumer import ConsumerRunner, ConsumerSpec
from services.common.mongo import client_for
from services.evaluation.bootstrap import Evaluation
from services.evaluation.domain.indicators import effects_of
from services.evaluation.service_layer.indicators import apply_effects
from services.evaluation.service_layer.replay import differences
from services.evaluation.storage.indicators import cell_values, ensure_indexes

DB = "lex_bench_evaluation_throughput"


def publish(bootstrap: str, events: list[dict]) -> float:
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True,
                         "linger.ms": 20})
    t0 = time.perf_counter()
    for i, e in enumerate(events):
        while True:
            try:
                producer.produce(TOPIC_OF[e["type"]], key=e["subject"].encode(),
                                 value=json.dumps(e).encode())
                break
            except BufferError:
                producer.poll(0.1)
        if i % 1000 == 0:
            producer.poll(0)
    assert producer.flush(120) == 0, "broker did not acknowledge every event"
    return time.perf_counter() - t0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("-n", type=int, default=20_000, help="distinct events (default 20,000)")
    p.add_argument("--dup", type=float, default=0.05, help="share re-sent as duplicates")
    p.add_argument("--batch", type=int, default=200, help="consumer batch (the worker's default)")
    p.add_argument("--timeout", type=float, default=900)
    add_server_arguments(p)
    args = p.parse_args(argv)
    events = list(synthetic_events(args.n, seed=11))
    rng = random.Random(5)
    stream = events + rng.sample(events, int(args.n * args.dup))
    rng.shuffle(stream)
    with servers(args) as (mongo_url, kafka):
        client = client_for(mongo_url)
        client.drop_database(DB)
        db = client[DB]
        ensure_indexes(db)
        took = publish(kafka, stream)
        print(f"published {len(stream):,} events ({args.n:,} distinct) in {took:.1f}s", flush=True)
        group = f"bench-evaluation-{uuid.uuid4().hex[:8]}"
        specs = [ConsumerSpec(group, s.topics, s.handlers)
                 for s in Evaluation(settings=None, client=client, db=db).consumers()]
        runner = ConsumerRunner(specs, client, db, kafka, batch=args.batch, mode="assign")
        thread = threading.Thread(target=runner.run, daemon=True)
        t0 = time.perf_counter()
        thread.start()
        done = 0
        while done < args.n and time.perf_counter() - t0 < args.timeout:
            time.sleep(0.25)
            done = db.processed_events.count_documents({"group": group})
        elapsed = time.perf_counter() - t0
        runner.stop_event.set()
        thread.join(30)
        one, five, _ = os.getloadavg()
        print(f"machine load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} CPUs", flush=True)
        print(f"consumed and applied {done:,} distinct events (+{len(stream) - args.n:,} duplicates "
              f"skipped) in {elapsed:.1f}s: {done / elapsed:,.0f} events/s "
              f"(batch {args.batch}, from the consumer's start, including its first fetch)", flush=True)
        memory = MemoryUnitOfWork()
        for e in events:
            apply_effects(memory, effects_of(e))
        expected = {f"{i}|{u}|{m}": v for (i, u, m), v in memory.cells.items()}
        diffs = differences(expected, cell_values(db))
        print(f"cells identical to the in-memory application: {not diffs}"
              + (f" (first differences: {diffs[:3]})" if diffs else ""), flush=True)
        client.drop_database(DB)
        # the same events applied without Kafka (the replay's path: same rules, same
        # repositories, one transaction per batch): what the consumer's overhead is
        from services.evaluation.service_layer.replay import replay
        from services.evaluation.service_layer.unit_of_work import EvaluationUnitOfWork
        client.drop_database(DB + "_direct")
        direct = client[DB + "_direct"]
        ensure_indexes(direct)
        t0 = time.perf_counter()
        replay(lambda: EvaluationUnitOfWork(client, direct), stream, batch=args.batch)
        took = time.perf_counter() - t0
        print(f"applied directly (no Kafka, batches of {args.batch}): {args.n / took:,.0f} events/s", flush=True)
        client.drop_database(DB + "_direct")
    return 0 if done == args.n and not diffs else 1


if __name__ == "__main__":
    sys.exit(main())
