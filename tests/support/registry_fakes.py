"""The registry's fakes: in-memory repositories answering the same named queries."""
from services.common.domain.roles import in_region
from services.registry.domain.regions import Regions, seed_documents
from services.registry.domain.search import matches
from services.registry.domain.history import one_persons_entry
from services.common.domain.errors import Duplicate
from tests.support.fakes import FakeRepository, FakeUnitOfWork

REGIONS = Regions.from_documents(seed_documents())


class FakePersonRepository(FakeRepository):
    unique = ("id_number",)

    def __init__(self):
        super().__init__()
        self.changes: list[dict] = []

    def add(self, person: dict) -> None:
        super().add(person)
        self.changes.append({"person_id": person["_id"], "action": "registered",
                             "at": person["created_at"], "by": person["created_by"],
                             "fields": sorted(person)})

    def log_change(self, person_id: str, entry: dict) -> None:
        self.changes.append(dict(entry, person_id=person_id))

    def history(self, person_id: str) -> list[dict]:
        return [one_persons_entry(c, person_id) for c in self.changes
                if c["person_id"] == person_id
                or (isinstance(c["person_id"], list) and person_id in c["person_id"])]

    def by_id_number(self, id_number: str):
        found = self.where(lambda p: p["id_number"] == id_number)
        return found[0] if found else None

    def similar(self, name, birth_date, exclude):
        return self.where(lambda p: p["name"] == name and p["birth_date"] == birth_date
                          and p["_id"] != exclude and not p.get("merged_into"))

    def members(self, household_id):
        return self.where(lambda p: p.get("household_id") == household_id and not p.get("merged_into"))

    def _visible(self, actor, criteria):
        return self.where(lambda p: in_region(actor, p["township_code"], p["village_code"])
                          and not p.get("merged_into") and matches(p, criteria))

    def search_visible_to(self, actor, criteria: dict, skip: int, limit: int):
        rows = self._visible(actor, criteria)
        sort = criteria.get("sort", "village_code")
        if sort == "village_code":   # the ledger's order (storage/persons.sort_spec)
            rows.sort(key=lambda p: (p["village_code"], p.get("created_at") or "", p["_id"]))
        else:
            rows.sort(key=lambda p: p.get(sort.lstrip("-")) or "", reverse=sort.startswith("-"))
        return rows[skip:skip + limit], len(rows)

    page_visible_to = search_visible_to

    def stats_visible_to(self, actor, criteria: dict, group_by: str, today):
        return fake_stats(self._visible(actor, criteria), group_by, today)

    def cursor_visible_to(self, actor, criteria: dict, projection=None):
        return iter(sorted(self._visible(actor, criteria), key=lambda p: p["village_code"]))


class FakeReads(FakeRepository):
    def add(self, entry: dict) -> None:
        self.rows[str(len(self.rows))] = dict(entry)

    def search(self, query: dict, skip: int, limit: int):
        rows = [r for r in self.rows.values()
                if all((v in r.get(k, [])) if k == "person_ids" else r.get(k) == v
                       for k, v in query.items() if not k.startswith("by."))
                and all(r["by"].get(k[3:]) == v for k, v in query.items() if k.startswith("by."))]
        rows.sort(key=lambda r: r["at"], reverse=True)
        return rows[skip:skip + limit], len(rows)


class FakeIdempotency(FakeRepository):
    def add(self, key, person_id, at):
        super().add({"_id": key, "person_id": person_id, "at": at})


class FakeImports:
    """Import records, the file store and bulk batches, in memory."""
    def __init__(self, persons: FakePersonRepository):
        self.persons, self.rows, self.blobs, self.events = persons, {}, {}, []

    def add(self, record):
        self.rows[record["_id"]] = dict(record)

    def get(self, import_id):
        return dict(self.rows[import_id])

    def update(self, import_id, **fields):
        self.rows[import_id].update(fields)

    def existing_ids(self, ids):
        return {p["id_number"] for p in self.persons.rows.values() if p["id_number"] in ids}

    def add_batch(self, client, persons, change, events, import_id):
        for p in persons:
            FakeRepository.add(self.persons, p)
        self.persons.changes.append(change)
        self.events += events

    def fold_rollups(self, client):
        self.folds = getattr(self, "folds", 0) + 1
        return 0

    # the file store
    def put(self, data, name):
        self.blobs[str(len(self.blobs))] = data
        return str(len(self.blobs) - 1)

    def put_path(self, path, name):
        with open(path, "rb") as fh:
            return self.put(fh.read(), name)

    def get_blob(self, file_id):
        return self.blobs[file_id]


class FakeFiles:
    def __init__(self, imports: FakeImports):
        self.imports = imports
        self.put, self.put_path, self.get = imports.put, imports.put_path, imports.get_blob


class FakeHouseholds(FakeRepository):
    def __init__(self, persons):
        super().__init__()
        self.persons = persons

    def add(self, doc):
        if any(h["village_code"] == doc["village_code"] and h["number"] == doc["number"]
               for h in self.rows.values()):
            raise Duplicate("该村已有此户号", {"number": "已存在"})
        super().add(doc)

    def visible_to(self, actor, village_code=None):
        return self.where(lambda h: in_region(actor, h["township_code"], h["village_code"])
                          and (village_code is None or h["village_code"] == village_code))

    def member_counts(self, ids):
        out = {}
        for p in self.persons.rows.values():
            if p.get("household_id") in ids and not p.get("merged_into"):
                out[p["household_id"]] = out.get(p["household_id"], 0) + 1
        return out

    def count_by_village(self, township_code):
        out = {}
        for h in self.rows.values():
            if h["township_code"] == township_code:
                out[h["village_code"]] = out.get(h["village_code"], 0) + 1
        return out


class FakeCampaigns(FakeRepository):
    def __init__(self):
        super().__init__()
        self.confirmations = {}

    def visible_to(self, actor):
        town = actor.region_code[:9] if actor.region_code else None
        rows = self.where(lambda c: actor.role in ("county_admin", "leader") or c["township_code"] == town)
        return sorted(rows, key=lambda c: c["opened_at"], reverse=True)

    def confirmed_in(self, campaign_id, household_ids):
        return {hid: dict(e) for (cid, hid), e in self.confirmations.items()
                if cid == campaign_id and hid in household_ids}

    def confirm(self, entry):
        self.confirmations[(entry["campaign_id"], entry["household_id"])] = dict(entry)

    def confirmed_by_village(self, campaign_id):
        out = {}
        for (cid, _), e in self.confirmations.items():
            if cid == campaign_id:
                out[e["village_code"]] = out.get(e["village_code"], 0) + 1
        return out


class FakeRegistryUnitOfWork(FakeUnitOfWork):
    def __init__(self):
        super().__init__()
        self.persons = FakePersonRepository()
        self.reads = FakeReads()
        self.idempotency = FakeIdempotency()
        self.households = FakeHouseholds(self.persons)
        self.campaigns = FakeCampaigns()
        self.quality_runs = FakeRepository()  # one record per published day (_id: the day)


def fake_stats(rows, group_by, today):
    """The in-memory counterpart of storage/stats.counts (for use-case tests)."""
    from datetime import date as _date

    from services.registry.domain.labor_age import age_band, age_on
    out: dict = {}
    for p in rows:
        if group_by == "age_band":
            keys = [age_band(age_on(_date.fromisoformat(p["birth_date"]), today))]
        elif group_by == "industry":
            keys = p.get("intended_industries") or []
        elif group_by == "township":
            keys = [p["township_code"]]
        else:
            keys = [p.get(group_by)]
        for k in keys:
            n, m, f = out.get(k, (0, 0, 0))
            out[k] = (n + 1, m + (p["sex"] == "male"), f + (p["sex"] == "female"))
    return [(k, n, m, f) for k, (n, m, f) in out.items()]
