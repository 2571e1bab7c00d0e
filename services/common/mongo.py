"""One MongoClient per process; writes that must go together run in one transaction."""
import threading
from typing import Callable, TypeVar

from pymongo import MongoClient
from pymongo.client_session import ClientSession
from pymongo.read_concern import ReadConcern
from pymongo.write_concern import WriteConcern

T = TypeVar("T")
_clients: dict[str, MongoClient] = {}
_lock = threading.Lock()


def client_for(url: str) -> MongoClient:
    with _lock:
        if url not in _clients:
            # connect=False: connect on the first operation, not at creation; an app that never
            # touches the database (a unit test's) starts no monitor thread, and a client made
            # before gunicorn forks is safe to use in the workers
            _clients[url] = MongoClient(url, serverSelectionTimeoutMS=5000, connectTimeoutMS=3000,
                                        tz_aware=True, connect=False)
        return _clients[url]


def in_transaction(client: MongoClient, fn: Callable[[ClientSession], T]) -> T:
    """Run fn(session) in a transaction; pymongo retries transient commit errors."""
    with client.start_session() as session:
        return session.with_transaction(
            fn, read_concern=ReadConcern("snapshot"), write_concern=WriteConcern("majority"))
