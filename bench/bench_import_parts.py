"""What an import costs the embedded MongoDB, part by part: the registry's ImportRun alone on a
bare secantusdb (no relay, no consumers), then with one thing of the stack added at a time,
each on a fresh file of N rows (`-n`, default 20,000) in its own database. Prints wall time
and the server's and this process' CPU per row.

    .venv/bin/python bench/bench_import_parts.py [-n 20000] [parts ...]

parts (default: all, in this order):
  alone      ImportRun as the worker runs it: people, change log, outbox, rollup increments
  persons    only the people's insert_many per batch, in a transaction (the floor of the above)
  fold       alone + the worker's rollup fold every 5 s (handlers/rollup_fold.py skips it
             while an import runs; this shows what that saves)
  streams    alone + 7 change streams on the database, as the stack's relays and runner keep

On this 2-core machine (2026-11-28) at 20,000 rows: alone 0.97-1.17 ms a row (server CPU
0.85-1.04), persons only 0.90 (0.80), + fold 1.24 (1.13), + 7 streams 1.52 (1.39): the
people's insert with its 7 index entries is the floor, about 80 s of the server's CPU for
100,000 rows."""
import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from pymongo import MongoClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, speed_note  # noqa: E402,F401  (REPO: the repository on the path)

from idle_cpu import TICKS, _stat  # noqa: E402
from deploy.embedded.stack import Stack  # noqa: E402
from services.common.events.outbox import ensure_outbox_indexes  # noqa: E402
from services.registry import events  # noqa: E402,F401  (the registry's event contracts)
from services.registry.service_layer.imports import ImportRun, start_import  # noqa: E402
from services.registry.storage import rollups  # noqa: E402
from services.registry.storage.imports import Files, ImportRepository, ensure_import_indexes  # noqa: E402
from services.registry.storage.persons import ensure_indexes  # noqa: E402
from services.registry.storage.spreadsheets import read_rows, write_xlsx  # noqa: E402
from tests.integration.registry.test_import_100k import make_xlsx  # noqa: E402
from tests.support.factories import actor  # noqa: E402
from tests.support.registry_fakes import REGIONS  # noqa: E402

PARTS = ("alone", "persons", "fold", "streams")


class PersonsOnly(ImportRepository):
    """The batch's people alone, in a transaction; no change log, events or rollups."""
    def add_batch(self, client, persons, change, events, import_id) -> None:
        with client.start_session() as s, s.start_transaction():
            self.db.persons.insert_many(persons, ordered=False, session=s)

    def fold_rollups(self, client) -> int:
        return 0


def cpu_seconds(pid: int) -> float:
    return _stat(pid)[1] / TICKS


def background(part: str, mongo: MongoClient, db, stop: threading.Event) -> list[threading.Thread]:
    threads = []
    if part == "fold":
        def folder():
            while not stop.wait(5.0):
                rollups.fold(mongo, db)
        threads.append(threading.Thread(target=folder, daemon=True))
    if part == "streams":
        for name in ("outbox", "imports", "x1", "x2", "x3", "x4", "x5"):
            def follow(name=name):
                with db[name].watch([{"$match": {"operationType": "insert"}}], max_await_time_ms=500) as s:
                    while not stop.is_set():
                        s.try_next()
            threads.append(threading.Thread(target=follow, daemon=True))
    for t in threads:
        t.start()
    return threads


def run_part(part: str, n: int, mongo: MongoClient, server_pid: int) -> None:
    db = mongo[f"lex_parts_{part}"]
    ensure_indexes(db)
    ensure_import_indexes(db)
    ensure_outbox_indexes(db)
    path = os.path.join(tempfile.gettempdir(), f"parts-{uuid.uuid4().hex[:8]}.xlsx")
    make_xlsx(path, n)   # fresh ID numbers: every row new
    data = Path(path).read_bytes()
    os.unlink(path)
    imports = (PersonsOnly if part == "persons" else ImportRepository)(db)
    files = Files(db)
    record = start_import(imports, files, actor("county_admin"), "parts.xlsx", data)
    stop = threading.Event()
    threads = background(part, mongo, db, stop)
    server0, own0, t0 = cpu_seconds(server_pid), time.process_time(), time.monotonic()
    try:
        done = ImportRun(imports, files, mongo, read_rows, write_xlsx, REGIONS).run(record)
    finally:
        stop.set()
    wall = time.monotonic() - t0
    server, own = cpu_seconds(server_pid) - server0, time.process_time() - own0
    for t in threads:
        t.join(2)
    print(f"{part:8s} {done['valid']:6d} rows: {wall:6.1f} s, {wall / n * 1000:.2f} ms a row; "
          f"server CPU {server / n * 1000:.2f} ms a row; this process {own / n * 1000:.2f}; {speed_note()}",
          flush=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("-n", type=int, default=20_000, help="rows per part")
    p.add_argument("parts", nargs="*", help=f"any of {', '.join(PARTS)} (default: all)")
    args = p.parse_args()
    if not set(args.parts) <= set(PARTS):
        p.error(f"parts are {', '.join(PARTS)}")
    args.parts = args.parts or list(PARTS)
    root = Path(tempfile.mkdtemp(prefix="lex-parts-"))
    stack = Stack.with_free_ports(root, demo=False)
    try:
        stack.start_mongo()
        mongo = MongoClient(stack.mongo_url)
        for part in args.parts:
            run_part(part, args.n, mongo, stack.pid("secantusdb"))
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
