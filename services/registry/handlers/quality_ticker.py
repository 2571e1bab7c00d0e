"""The worker's data-quality clock: every hour (and at start) it asks for the day's
data_quality.measured; the use case publishes once per China day (service_layer/quality.py),
so a restart or a second worker publishes nothing twice."""
import logging
import threading

from services.common.periodic import every

from ..service_layer.quality import publish_daily

log = logging.getLogger("registry.quality")
EVERY_S = 3600.0


def tick(registry, now=None) -> int:
    published = publish_daily(registry.reader(), registry.uow(), now)
    if published:
        log.info("data quality published for %d townships", published)
    return published


def start_ticker(registry, every_s: float = EVERY_S) -> threading.Event:
    return every(every_s, lambda: tick(registry), "data-quality")
