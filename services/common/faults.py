"""Crash points for the recovery tests. A process started with FAULT_CRASH_AT=<point> dies
at that point, as a power cut would, without cleanup. Unset in production: a no-op."""
import logging
import os

log = logging.getLogger(__name__)


def crash_point(name: str) -> None:
    if os.environ.get("FAULT_CRASH_AT") == name:
        log.error("fault injection: crashing at %s", name)
        logging.shutdown()
        os._exit(97)
