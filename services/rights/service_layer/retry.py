"""Write use cases run again when their transaction hit a transient write conflict (two
complaints written at the same moment can touch the same index entries): each attempt starts
a fresh transaction (services.common.uow.run_with_retry), so nothing of the failed one
remains. Not for consumers' handlers, which run inside the consumer's own transaction."""
import functools

from services.common.uow import run_with_retry

ATTEMPTS = 8


def retried(fn):
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        return run_with_retry(lambda: fn(*args, **kwargs), attempts=ATTEMPTS)
    return inner
