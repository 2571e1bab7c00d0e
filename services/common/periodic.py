"""A worker's clock: run a task at start and then every so often, in a daemon thread, beside
the relay and the consumers. A failing run is logged and the next one tries again, so one bad
hour never stops the worker."""
import logging
import threading
from typing import Callable


def every(seconds: float, task: Callable[[], object], name: str,
          stop: threading.Event | None = None) -> threading.Event:
    """Start the clock; set the returned event (or the given one) to stop it."""
    stop = stop or threading.Event()
    log = logging.getLogger(f"periodic.{name}")

    def loop():
        while not stop.is_set():
            try:
                task()
            except Exception:  # noqa: BLE001 - the next run tries again
                log.exception("%s failed", name)
            stop.wait(seconds)

    threading.Thread(target=loop, name=name, daemon=True).start()
    return stop
