"""Imports of the townships' spreadsheets. The web request only stores the file and an import
record (queued); the registry worker runs it (run_import), so a 100,000-row file neither ties
up a web worker nor dies with one, and a worker restarted mid-import takes the record up again
(idempotent by ID number: rows already stored are counted as existing, not stored twice).

Every row is validated with the same rules as the form; valid rows are stored in batches (one
transaction each: people, change log, person.registered events), invalid ones go to the
per-row error report (row, column, reason), written as xlsx for staff to download."""
import dataclasses
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

from services.common.domain.actor import Actor
from services.common.domain.errors import DomainError, Duplicate, InvalidField, NotAllowed
from services.common.events.envelope import new_event
from services.common.uow import run_with_retry

from ..domain import event_data
from ..domain.import_rows import HeaderNotFound, VillageIndex, column_label, find_header, row_body
from ..domain.labor_age import LaborAges
from ..domain.person import WRITERS, new_person
from ..domain.regions import Regions

BATCH = 2000   # rows per transaction; the statistics' rollups cost one update per village per batch
VALIDATE_EVERY = 100   # see _events
FOLD_EVERY = 10        # batches between folds of the statistics' increments (storage/rollups.py)
MAX_BYTES = 64 * 1024 * 1024
REPORT_HEADERS = ["行号", "列", "原因"]


def start_import(imports, files, actor: Actor, file_name: str, data: bytes,
                 now: datetime | None = None) -> dict:
    if actor.role not in WRITERS:
        raise NotAllowed("无权导入人员")
    name = (file_name or "").strip()[:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ("xlsx", "xls", "xlsm", "ods", "csv"):
        raise InvalidField("文件类型不支持", {"file": "仅支持 xlsx、xls、csv 文件"})
    if not data:
        raise InvalidField("文件为空", {"file": "文件为空"})
    now = now or datetime.now(timezone.utc)
    record = {"_id": uuid.uuid4().hex, "file_name": name, "file_id": files.put(data, name),
              "status": "queued", "total": None, "done": 0, "valid": 0, "invalid": 0,
              "existing": 0, "error_report_id": None, "message": None,
              "created_at": now, "created_by": actor.audit(), "actor": dataclasses.asdict(actor)}
    imports.add(record)
    return record


class ImportRun:
    """One import, run by the worker. Ports: the import repository, the file store, the
    spreadsheet reader and writer (adapters passed in), the regions and labor ages."""
    def __init__(self, imports, files, client, read_rows, write_xlsx, regions: Regions,
                 ages: LaborAges = LaborAges()):
        self.imports, self.files, self.client = imports, files, client
        self.read_rows, self.write_xlsx = read_rows, write_xlsx
        self.regions, self.ages = regions, ages

    def run(self, record: dict) -> dict:
        actor = Actor(**record["actor"])
        try:
            rows = self.read_rows(self.files.get(record["file_id"]), record["file_name"])
            header, columns = find_header(rows)
        except (HeaderNotFound, ValueError) as e:
            self.imports.update(record["_id"], status="failed", message=str(e),
                                finished_at=datetime.now(timezone.utc))
            return self.imports.get(record["_id"])
        body_rows = [(i + 1, r) for i, r in enumerate(rows[header + 1:], start=header + 1)
                     if any(c not in (None, "") for c in r)]
        self.imports.update(record["_id"], total=len(body_rows))
        villages = VillageIndex(self.regions)
        errors: list[list] = []
        counts = {"done": 0, "valid": 0, "invalid": 0, "existing": 0}
        seen: set[str] = set()

        def stored(job) -> None:
            future, rows, valid = job
            n = future.result()
            if (counts["done"] // BATCH + 1) % FOLD_EVERY == 0:
                self.imports.fold_rollups(self.client)
            counts["valid"] += n
            counts["existing"] += valid - n
            counts["done"] += rows
            self.imports.update(record["_id"], heartbeat=datetime.now(timezone.utc), **counts)

        # the rows of the next batch are checked while the database writes the last one (one
        # batch in flight, stored in file order): checking is this process' CPU, writing the
        # database's, and the machine has two cores
        job = None
        with ThreadPoolExecutor(1, thread_name_prefix="import-store") as writer:
            for start in range(0, len(body_rows), BATCH):
                batch = body_rows[start:start + BATCH]
                people = []
                for line, row in batch:
                    person, problems = self._person(row, columns, villages, actor)
                    if person and person["id_number"] in seen:
                        problems, person = {"id_number": "与本文件中前面的行重复"}, None
                    if problems:
                        counts["invalid"] += 1
                        errors += [[line, column_label(f), why] for f, why in problems.items()]
                    else:
                        seen.add(person["id_number"])
                        people.append(person)
                if job:
                    stored(job)
                job = (writer.submit(self._store, people, actor, record["_id"]), len(batch), len(people))
            if job:
                stored(job)
        self.imports.fold_rollups(self.client)
        report = None
        if errors:
            path = self.write_xlsx(f"导入错误报告:{record['file_name']}", REPORT_HEADERS, errors, "错误")
            report = self.files.put_path(path, "errors-" + record["_id"] + ".xlsx")
            os.unlink(path)
        self.imports.update(record["_id"], status="finished", error_report_id=report,
                            finished_at=datetime.now(timezone.utc), **counts)
        return self.imports.get(record["_id"])

    def _person(self, row, columns, villages, actor) -> tuple[dict | None, dict]:
        body, problems = row_body(row, columns, villages)
        if problems:
            return None, problems
        try:
            return new_person(body, actor, self.regions, datetime.now(timezone.utc), ages=self.ages), {}
        except DomainError as e:
            return None, e.fields or {"row": e.message}

    def _store(self, people: list[dict], actor: Actor, import_id: str) -> int:
        """Stores the rows whose ID number is not yet registered; returns how many."""
        try:
            return self._store_new(people, actor, import_id)
        except Duplicate:  # a number registered by someone else while we checked: once more
            return self._store_new(people, actor, import_id)

    def _store_new(self, people: list[dict], actor: Actor, import_id: str) -> int:
        if not people:
            return 0
        existing = self.imports.existing_ids([p["id_number"] for p in people])
        new = [p for p in people if p["id_number"] not in existing]
        if not new:
            return 0
        for p in new:
            p["import_id"] = import_id
        run_with_retry(lambda: self.imports.add_batch(self.client, new, import_change(new, import_id),
                                                      self._events(new, actor, import_id), import_id))
        return len(new)

    @staticmethod
    def _events(people: list[dict], actor: Actor, import_id: str) -> list[dict]:
        """person.registered for each row. Schema validation costs more than the rest of a
        row's import, and every event is built by the same code from a record that passed the
        same checks as a form's: the first and every VALIDATE_EVERY-th are validated."""
        events = []
        for i, p in enumerate(people):
            data = event_data.registered(p)
            if i % VALIDATE_EVERY == 0:
                first = new_event("person.registered", source="registry", subject=p["_id"],
                                  data=data, actor=actor.audit(), correlation_id=import_id)
                events.append(first)
            else:
                events.append(dict(first, id=str(uuid.uuid4()), subject=p["_id"], data=data))
        return events


def import_change(people: list[dict], import_id: str) -> dict:
    """The change-log entry of one import batch: who and when, and per person the fields its
    row set (as `field_sets` + an index per person, so 1,000 rows share a few lists). Its
    `person_id` is the list of the batch's people; PersonRepository.history gives each person
    its own entry out of it."""
    first = people[0]
    sets: dict[tuple, int] = {}
    per_person = []
    for p in people:
        fields = tuple(sorted(k for k in p if not k.startswith("_")))
        per_person.append(sets.setdefault(fields, len(sets)))
    return {"person_id": [p["_id"] for p in people], "at": first["created_at"], "by": first["created_by"],
            "action": "imported", "field_sets": [list(f) for f in sets], "field_set": per_person,
            "values": {"import_id": {"old": None, "new": import_id}}}


def import_view(record: dict) -> dict:
    out = {k: record.get(k) for k in ("file_name", "status", "total", "done", "valid", "invalid",
                                      "existing", "message")}
    out["id"] = record["_id"]
    out["created_at"] = record["created_at"].isoformat()
    out["created_by"] = record["created_by"]["username"]
    out["error_report_url"] = (f"/api/registry/imports/{record['_id']}/errors.xlsx"
                               if record.get("error_report_id") else None)
    return out
