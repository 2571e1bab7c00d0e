"""Licences past their date become expired: run once (`python -m services.licensing.expire`)
or every hour from the worker (`start_ticker`)."""
import logging
import threading

from .bootstrap import Licensing, bootstrap
from .service_layer.agencies import expire_due

log = logging.getLogger(__name__)
EVERY_S = 3600.0


def tick(licensing: Licensing) -> list[str]:
    expired = expire_due(licensing.uow())
    if expired:
        log.info("licences expired", extra={"count": len(expired)})
    return expired


def start_ticker(licensing: Licensing, every_s: float = EVERY_S) -> threading.Event:
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                tick(licensing)
            except Exception:  # the next tick tries again; the worker's consumers go on
                log.exception("expiry tick failed")
            stop.wait(every_s)

    threading.Thread(target=loop, name="licence-expiry", daemon=True).start()
    return stop


if __name__ == "__main__":
    print(len(tick(bootstrap(log_name="licensing-expire"))))
