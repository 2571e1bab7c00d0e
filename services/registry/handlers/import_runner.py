"""The worker's import loop: takes queued imports one at a time and runs them (see
service_layer/imports.py for why imports run here and not in the web process)."""
import logging
import os
import socket
import threading

from services.common.watch import InsertWatch

from ..service_layer.imports import ImportRun
from ..storage.imports import Files, ImportRepository
from ..storage.spreadsheets import read_rows, write_xlsx

log = logging.getLogger("registry.imports")


class ImportRunner:
    def __init__(self, registry, poll: float = 0.5):
        self.registry = registry
        self.poll = poll
        self.stop_event = threading.Event()
        self.name = f"{socket.gethostname()}:{os.getpid()}"

    def run_once(self) -> bool:
        r = self.registry
        imports = ImportRepository(r.db)
        record = imports.claim_next(self.name)
        if record is None:
            return False
        log.info("import %s started (%s)", record["_id"], record["file_name"])
        try:
            done = ImportRun(imports, Files(r.db), r.client, read_rows, write_xlsx,
                             r.regions.get(), r.labor_ages).run(record)
        except Exception:
            # a file that breaks the run is not taken up again and again
            log.exception("import %s failed", record["_id"])
            imports.update(record["_id"], status="failed", message="导入时发生内部错误")
            return True
        log.info("import %s %s: %s valid, %s invalid, %s existing", done["_id"], done["status"],
                 done.get("valid"), done.get("invalid"), done.get("existing"))
        return True

    def run(self) -> None:
        # a queued import wakes the loop (a change stream); polled only without one
        watch = InsertWatch(self.registry.db.imports, self.stop_event).start()
        while not self.stop_event.is_set():
            try:
                watch.wake.clear()
                if self.run_once():
                    watch.rouse()
                else:
                    watch.wait(self.poll)
            except Exception:
                log.exception("import failed")
                self.stop_event.wait(5)

    def start(self) -> threading.Thread:
        t = threading.Thread(target=self.run, name="ImportRunner", daemon=True)
        t.start()
        return t
