"""Write use cases run again when their transaction hit a transient write conflict (two
complaints written at the same moment can touch the same index entries): each attempt starts
a fresh transaction (services.common.uow.run_with_retry), so nothing of the failed one
remains. Not for consumers' handlers, which run inside the consumer's own transaction."""
import functools
import random
import time

from services.common.uow import run_with_retry

ATTEMPTS = 8
WRITE_CONFLICT = 112  # MongoDB's code; a conflict at commit may come without the retry label


def retried(fn):
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        for attempt in range(1, 4):
            try:
                return run_with_retry(lambda: fn(*args, **kwargs), attempts=ATTEMPTS)
            except Exception as e:
                if attempt == 3 or getattr(e, "code", None) != WRITE_CONFLICT:
                    raise
                time.sleep(random.uniform(0.005, 0.02 * attempt))  # let the other writer finish
    return inner
