"""Unit of work over one MongoDB transaction: a service's repositories and its outbox share the
session, so a state change and its events are committed together or not at all.

    with uow:
        uow.persons.add(person)
        uow.publish(event)
        uow.commit()

Leaving the block without commit() aborts. Each service subclasses MongoUnitOfWork and builds
its repositories in `repositories(db, session)`. A consumer's handler, which already runs in
the consumer's transaction, uses `joined(session)`: the same repositories and outbox, no
commit of its own."""
import functools
import logging
import random
import time

from pymongo import MongoClient
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import ConnectionFailure, OperationFailure, PyMongoError
from pymongo.read_concern import ReadConcern
from pymongo.write_concern import WriteConcern

from .events.outbox import add_to_outbox

log = logging.getLogger(__name__)


class MongoUnitOfWork:
    def __init__(self, client: MongoClient, db: Database):
        self.client = client
        self.db = db
        self.session: ClientSession | None = None
        self._owned = False
        self._committed = False
        self._read_only = False   # set by reading() for the next block
        self.published: list[dict] = []

    # ---- to override -------------------------------------------------------------------
    def repositories(self, db: Database, session: ClientSession) -> dict:
        """name -> repository bound to this session (set as attributes of the unit of work)."""
        return {}

    # ---- life cycle --------------------------------------------------------------------
    def _bind(self, session: ClientSession) -> None:
        self.session = session
        self.published = []
        self._committed = False
        for name, repo in self.repositories(self.db, session).items():
            setattr(self, name, repo)

    def reading(self) -> "MongoUnitOfWork":
        """For a use case that only reads (`with uow.reading():`): the repositories read
        without a session, so no transaction is begun and none aborted at the end (one round
        trip of the database's each; a dashboard polled every few ms paid it every time)."""
        self._read_only = True
        return self

    def __enter__(self):
        if getattr(self, "_joined", False):
            return self  # inside a consumer's transaction: no session of our own
        if self._read_only:
            self._owned = False
            self._bind(None)
            return self
        self._owned = True
        session = self.client.start_session()
        session.start_transaction(read_concern=ReadConcern("snapshot"),
                                  write_concern=WriteConcern("majority"))
        self._bind(session)
        return self

    def __exit__(self, exc_type, exc, tb):
        self._read_only = False
        if not self._owned:
            return False
        try:
            if not self._committed and self.session.in_transaction:
                try:
                    self.session.abort_transaction()
                except PyMongoError:
                    pass  # the server drops an unfinished transaction by itself
        finally:
            self.session.end_session()
            self._owned = False
        return False

    def joined(self, session: ClientSession) -> "MongoUnitOfWork":
        """This unit of work inside a transaction someone else owns (a consumer's)."""
        self._owned = False
        self._joined = True
        self._bind(session)
        return self

    def publish(self, event: dict, new_subject: bool = False) -> None:
        """The event goes to the outbox in this transaction; the relay publishes it.
        `new_subject`: its subject was created in this transaction (see add_to_outbox)."""
        if self._read_only:
            raise RuntimeError("a reading() unit of work publishes nothing")
        add_to_outbox(self.db, self.session, event, new_subject=new_subject)
        self.published.append(event)

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a reading() unit of work commits nothing")
        if not self._owned:
            self._committed = True  # the owner of the transaction commits
            return
        while True:
            try:
                self.session.commit_transaction()
                self._committed = True
                return
            except (ConnectionFailure, OperationFailure) as e:
                # the commit may or may not have applied: retrying it is safe
                if e.has_error_label("UnknownTransactionCommitResult"):
                    continue
                raise


WRITE_CONFLICT = 112  # MongoDB's code; a conflict at commit may come without the retry label


def run_with_retry(fn, attempts: int = 8):
    """Run a whole use case again when its transaction hit a transient conflict (another
    writer touched the same document); its unit of work starts afresh each time."""
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except (ConnectionFailure, OperationFailure) as e:
            transient = (e.has_error_label("TransientTransactionError")
                         or getattr(e, "code", None) == WRITE_CONFLICT)
            if attempt < attempts and transient:
                log.info("transient transaction error; retrying (%d)", attempt)
                # let the other writer finish before the next try
                time.sleep(random.uniform(0.002, 0.01 * attempt))
                continue
            raise


def retried(fn):
    """A write use case that runs again, in a fresh transaction, when it hit a transient write
    conflict (two writers touching the same document or index entry at once). Not for
    consumers' handlers, which run inside the consumer's own transaction."""
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        return run_with_retry(lambda: fn(*args, **kwargs))
    return inner
