"""In-memory stand-ins for the unit of work and repositories, for use-case tests without
servers (as cosmicpython's FakeUnitOfWork). A fake repository answers the same named queries
as the Mongo one, with Python predicates instead of filters."""
import copy

from services.common.domain.errors import Duplicate, StaleVersion


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
        self.rows[doc["_id"]] = copy.deepcopy(doc)

    def get(self, id_: str) -> dict | None:
        row = self.rows.get(id_)
        return copy.deepcopy(row) if row else None

    def save(self, doc: dict, expected_version: int) -> None:
        current = self.rows.get(doc["_id"])
        if current is None or current.get("version") != expected_version:
            raise StaleVersion("记录已被他人修改,请刷新后重试",
                               {"version": f"当前版本不是 {expected_version}"})
        doc["version"] = expected_version + 1
        self.rows[doc["_id"]] = copy.deepcopy(doc)

    def where(self, predicate) -> list[dict]:
        return [copy.deepcopy(r) for r in self.rows.values() if predicate(r)]


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
        # like a transaction: what the block wrote is undone unless it commits
        self._snapshot = [(repo, copy.deepcopy(repo.rows)) for repo in self._repositories()]
        return self

    def __exit__(self, *exc):
        if not self._committed_now:
            for repo, rows in self._snapshot:
                repo.rows = rows
        self._pending = []
        return False

    def joined(self, _session=None) -> "FakeUnitOfWork":
        return self

    def publish(self, event: dict) -> None:
        self._pending.append(event)

    def commit(self) -> None:
        self.committed = True
        self._committed_now = True
        self.published += self._pending
        self._pending = []

    def events_of(self, type_: str) -> list[dict]:
        return [e for e in self.published if e["type"] == type_]
