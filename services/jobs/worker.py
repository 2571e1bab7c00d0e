"""Jobs background process: relays its outbox, keeps worker profiles and the licensed-agency
table from other services' events, feeds the search index, and expires postings past their
end date (the search hides them from that day on already; this records it and tells others)
and closes applications left unanswered 60 days; hourly too, it posts staff notices for
applications and orders that need someone. A sender thread hands queued SMS to the gateway
(services/jobs/sms/: the HTTP gateway when SMS_GATEWAY_URL is set, else the delivery log)."""
import logging
import threading

from services.common.periodic import every
from services.common.watch import InsertWatch
from services.common.worker import run_worker

from .bootstrap import bootstrap
from .service_layer.notifications import remind_staff, send_queued
from .service_layer.placements import close_stale_applications
from .service_layer.postings import expire_postings

log = logging.getLogger("jobs.worker")
EXPIRY_INTERVAL = 3600.0
SEND_INTERVAL = 2.0


def expire(jobs) -> None:
    expired = expire_postings(jobs.uow())
    closed = close_stale_applications(jobs.uow())
    if expired or closed:
        log.info("%d postings expired, %d unanswered applications closed", len(expired), len(closed))


def remind(jobs) -> None:
    added = remind_staff(jobs.uow())
    if added:
        log.info("%d staff notices added", added)


def send_periodically(jobs, stop: threading.Event) -> None:
    gateway = jobs.sms_gateway()
    # a queued message wakes the sender (a change stream); polled only without one
    watch = InsertWatch(jobs.db.sms_messages, stop).start()
    while not stop.is_set():
        watch.wait(SEND_INTERVAL)
        watch.wake.clear()
        try:
            counts = send_queued(jobs.uow, gateway)
            if any(counts.values()):
                watch.rouse()
                log.info("sms: %d sent, %d failed (%s)", counts["sent"], counts["failed"], gateway.name)
        except Exception:  # noqa: BLE001 - the queue is still there next time
            log.exception("sending sms failed")


if __name__ == "__main__":
    jobs = bootstrap(log_name="jobs-worker")
    stop = threading.Event()
    every(EXPIRY_INTERVAL, lambda: expire(jobs), "posting-expiry", stop)   # at start, then hourly
    every(EXPIRY_INTERVAL, lambda: remind(jobs), "staff-notices", stop)
    threading.Thread(target=send_periodically, args=(jobs, stop), daemon=True, name="sms").start()
    run_worker("jobs", consumers=jobs.consumers())
    stop.set()
