"""Rebuild the search index from MongoDB beside live traffic: a new index is filled, the alias
is switched to it in one step, postings changed meanwhile are written again, the old index is
dropped. Usage: python -m services.jobs.reindex"""
import json
import sys
from datetime import datetime, timedelta, timezone

from .bootstrap import bootstrap
from .storage.postings import agency_table, changed_since, published_postings


def reindex(jobs) -> dict:
    def late(started: float) -> list[dict]:
        # a second of slack for clocks: writing one posting twice is harmless
        since = datetime.fromtimestamp(started, timezone.utc) - timedelta(seconds=1)
        return changed_since(jobs.db, since)

    return jobs.index.reindex(published_postings(jobs.db), agency_table(jobs.db), changed_since=late)


if __name__ == "__main__":
    print(json.dumps(reindex(bootstrap(log_name="jobs-reindex")), ensure_ascii=False))
    sys.exit(0)
