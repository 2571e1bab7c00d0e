"""Licences past their date become expired: run once (`python -m services.licensing.expire`)
or every hour from the worker (`start_ticker`)."""
import logging
import threading

from services.common.periodic import every

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
    return every(every_s, lambda: tick(licensing), "licence-expiry")


if __name__ == "__main__":
    print(len(tick(bootstrap(log_name="licensing-expire"))))
