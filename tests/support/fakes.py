"""In-memory stand-ins for the unit of work and repositories, for use-case tests without
servers (as cosmicpython's FakeUnitOfWork). A fake repository answers the same named queries
as the Mongo one, with Python predicates instead of filters.

Stored rows are never changed in place: a write puts a new row under its id (add, save, or
`editable` for a fake that changes one field). That is what lets a unit of work's block start
with a shallow copy of each repository's rows as its snapshot, and still roll back exactly."""
import copy
import decimal
import uuid
from datetime import date, datetime, time, timedelta

from services.common.domain.errors import Duplicate, StaleVersion

_LEAVES = frozenset({str, int, float, bool, type(None), bytes, date, datetime, time, timedelta,
                     decimal.Decimal, uuid.UUID})


def clone(value):
    """A deep copy of a document: dicts, lists and immutable leaves are copied here (several
    times faster than copy.deepcopy, which was a third of the unit run), anything else by
    copy.deepcopy."""
    kind = type(value)
    if kind is dict:
        return {k: v if type(v) in _LEAVES else clone(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _LEAVES else clone(v) for v in value]
    if kind in _LEAVES:
        return value
    if kind is tuple:
        return tuple(clone(v) for v in value)
    return copy.deepcopy(value)


class FakeRepository:
    unique: tuple[str, ...] = ()   # fields that must be unique, as the Mongo indexes say

    def __init__(self):
        self.rows: dict[str, dict] = {}

    def add(self, doc: dict) -> None:
        if doc["_id"] in self.rows:
            raise Duplicate("记录已存在", {"id": "已存在"})
        for field in self.unique:
            if any(r.get(field) == doc.get(field) for r in self.rows.values()):
                raise Duplicate("记录已存在", {field: "已存在"})
        self.rows[doc["_id"]] = clone(doc)

    def get(self, id_: str) -> dict | None:
        row = self.rows.get(id_)
        return clone(row) if row else None

    def save(self, doc: dict, expected_version: int) -> None:
        current = self.rows.get(doc["_id"])
        if current is None or current.get("version") != expected_version:
            raise StaleVersion("记录已被他人修改,请刷新后重试",
                               {"version": f"当前版本不是 {expected_version}"})
        doc["version"] = expected_version + 1
        self.rows[doc["_id"]] = clone(doc)

    def where(self, predicate) -> list[dict]:
        return [clone(r) for r in self.rows.values() if predicate(r)]

    def editable(self, id_: str) -> dict:
        """The stored row, for a fake that changes it field by field: a copy put in its place
        first, so that a block's snapshot (which shares the old row) is left as it was."""
        row = self.rows[id_] = clone(self.rows[id_])
        return row


class FakeUnitOfWork:
    """Subclasses set repositories as attributes in __init__."""

    def __init__(self):
        self.committed = False
        self._committed_now = False
        self.published: list[dict] = []
        self._pending: list[dict] = []
        self._snapshot: list = []

    def _repositories(self) -> list[FakeRepository]:
        return [v for v in vars(self).values() if isinstance(v, FakeRepository)]

    def __enter__(self):
        self._pending = []
        self._committed_now = False
        # like a transaction: what the block wrote is undone unless it commits. A shallow copy
        # is enough because rows are replaced, never changed in place (see the module's doc).
        self._snapshot = [(repo, dict(repo.rows)) for repo in self._repositories()]
        return self

    def __exit__(self, *exc):
        if not self._committed_now:
            for repo, rows in self._snapshot:
                repo.rows = rows
        self._snapshot = []
        self._pending = []
        return False

    def joined(self, _session=None) -> "FakeUnitOfWork":
        return self

    def reading(self) -> "FakeUnitOfWork":
        return self

    def publish(self, event: dict, new_subject: bool = False) -> None:
        self._pending.append(event)

    def commit(self) -> None:
        self.committed = True
        self._committed_now = True
        self.published += self._pending
        self._pending = []

    def events_of(self, type_: str) -> list[dict]:
        return [e for e in self.published if e["type"] == type_]
