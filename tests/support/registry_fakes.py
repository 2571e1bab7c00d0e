"""The registry's fakes: an in-memory person repository answering the same named queries."""
from services.common.domain.roles import in_region
from services.registry.domain.regions import Regions, seed_documents
from tests.support.fakes import FakeRepository, FakeUnitOfWork

REGIONS = Regions.from_documents(seed_documents())


class FakePersonRepository(FakeRepository):
    unique = ("id_number",)

    def __init__(self):
        super().__init__()
        self.changes: list[dict] = []

    def add(self, person: dict) -> None:
        super().add(person)
        self.changes.append({"person_id": person["_id"], "action": "registered"})

    def page_visible_to(self, actor, filters: dict, skip: int, limit: int):
        rows = self.where(lambda p: in_region(actor, p["township_code"], p["village_code"])
                          and all(p.get(k) == v for k, v in filters.items()))
        rows.sort(key=lambda p: p["created_at"], reverse=True)
        return rows[skip:skip + limit], len(rows)


class FakeRegistryUnitOfWork(FakeUnitOfWork):
    def __init__(self):
        super().__init__()
        self.persons = FakePersonRepository()
