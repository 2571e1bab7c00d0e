"""The jobs service's composition root: the web app, the worker and the commands start here."""
import time
from dataclasses import dataclass, field

from elasticsearch import Elasticsearch

from services.common.bootstrap import base
from services.common.config import Settings, env
from services.common.ui.qr import public_url

from . import events  # noqa: F401  (registers the jobs service's event contracts)
from .search.index import PostingIndex
from .service_layer.matching import POSTING_FIELDS
from .service_layer.unit_of_work import JobsUnitOfWork
from .service_layer.notifications import DEFAULT_THRESHOLD
from .storage import employers, notifications, placements, postings, workers

OPEN_POSTINGS_TTL = 10.0


def sms_page_url(code: str) -> str:
    """The worker's own notifications page (public), named in every message they get."""
    return public_url(f"/ui/jobs/sms/{code}")


def sms_threshold() -> int:
    """The lowest match score (0-100) that earns a worker an SMS about a posting."""
    return int(env("SMS_MATCH_THRESHOLD", str(DEFAULT_THRESHOLD)))


@dataclass
class Jobs:
    settings: Settings
    client: object
    db: object
    _index: PostingIndex | None = field(default=None, repr=False)
    _open_cache: tuple | None = field(default=None, repr=False)

    def uow(self) -> JobsUnitOfWork:
        return JobsUnitOfWork(self.client, self.db)

    @property
    def index(self) -> PostingIndex:
        if self._index is None:
            es = Elasticsearch(self.settings.elasticsearch_url, request_timeout=10,
                               retry_on_timeout=True, max_retries=2)
            self._index = PostingIndex(es)
            self._index.ensure()
        return self._index

    def index_posting(self, posting: dict) -> None:
        """Write-through after a review or withdrawal, so the public search changes at once;
        the indexer consumer writes the same version again (a no-op) or repairs a miss."""
        agency = None
        if posting.get("agency_id"):
            with self.uow() as uow:
                agency = uow.agencies.get(posting["agency_id"])
        self.index.put(posting, agency)

    def open_postings(self, today) -> list[dict]:
        """Open postings for matching, read at most every OPEN_POSTINGS_TTL seconds per process:
        a posting published or withdrawn a few seconds ago may be ranked late or once more."""
        key = today.isoformat()
        cached = self._open_cache
        if cached and cached[0] == key and time.monotonic() - cached[1] < OPEN_POSTINGS_TTL:
            return cached[2]
        with self.uow() as uow:
            rows = uow.postings.open_on(key, POSTING_FIELDS)
        self._open_cache = (key, time.monotonic(), rows)
        return rows

    def sms_gateway(self):
        from .sms.adapters import gateway_from_settings
        return gateway_from_settings(self.db)

    def consumers(self) -> list:
        from .handlers import licensing_events, notifications as notices, posting_index, registry_events
        return [registry_events.make_spec(self.uow), licensing_events.make_spec(self.uow),
                posting_index.make_spec(self.uow, self.index),
                notices.make_spec(self.uow, sms_threshold(), sms_page_url)]


def bootstrap(settings: Settings | None = None, log_name: str = "jobs") -> Jobs:
    b = base("jobs", settings, log_name)
    employers.ensure_indexes(b.db)
    postings.ensure_indexes(b.db)
    workers.ensure_indexes(b.db)
    placements.ensure_indexes(b.db)
    notifications.ensure_indexes(b.db)
    return Jobs(settings=b.settings, client=b.client, db=b.db)
