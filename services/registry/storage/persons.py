"""MongoDB access for people and their change log. Scope is a named query (visible_to), used
alike by list, read, export and statistics."""
from concurrent.futures import ThreadPoolExecutor

from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

from services.common.domain.actor import Actor
from services.common.domain.errors import StaleVersion
from services.common.repository import MongoRepository
from services.common.scope import NOTHING, and_, region_query

from ..domain import rollup
from ..domain.history import one_persons_entry

ACTIVE = {"merged_into": {"$exists": False}}


# The embedded MongoDB pays for every index on every insert (about 0.1 ms per index per
# record) and plans a query from ONE index: the equality (or leading range) fields of a flat
# filter. So the register keeps only the indexes a query uses (see docs/architecture.md):
PERSON_INDEXES = [
    # ID numbers are stored normalised (ASCII, 18 digits), so uniqueness holds on the number
    ("id_number_1", [("id_number", ASCENDING)], {"unique": True}),
    # scope: a village (equal), a township (its villages' codes start with its code: a range)
    ("village_code_1", [("village_code", ASCENDING)], {}),
    # likely duplicates (same name and birth date), and name search (a prefix range)
    ("name_1_birth_date_1", [("name", ASCENDING), ("birth_date", ASCENDING)], {}),
    ("phone_1", [("phone", ASCENDING)], {}),
    # most records have no household: a sparse index holds only those that do
    ("household_id_sparse", [("household_id", ASCENDING)], {"sparse": True}),
    # lists of a township by education (and age band): the candidates are exactly the
    # matches when the filter sent is these fields only (township_served)
    ("township_code_1_education_1_birth_date_1",
     [("township_code", ASCENDING), ("education", ASCENDING), ("birth_date", ASCENDING)], {}),
]
# dropped: no query is planned on them (a sort is not served by an index with a filter)
OBSOLETE_INDEXES = ("created_at_-1", "household_id_1", "township_code_1_village_code_1")


def ensure_indexes(db: Database) -> None:
    existing = set(db.persons.index_information())
    for name in OBSOLETE_INDEXES:
        if name in existing:
            db.persons.drop_index(name)
    for name, keys, options in PERSON_INDEXES:
        db.persons.create_index(keys, name=name, **options)
    db.person_changes.create_index([("person_id", ASCENDING), ("at", ASCENDING)])
    db.personal_data_reads.create_index([("at", DESCENDING)])
    db.personal_data_reads.create_index("person_ids")
    db.idempotency_keys.create_index("at", expireAfterSeconds=86400)


def flat(*filters: dict) -> dict:
    """The filters' conjunction as ONE flat document, keys in the order given: the embedded
    MongoDB plans only a flat filter from an index (a top-level $and is a full scan) and takes
    the first indexed field. Two different values for one field match nothing."""
    out: dict = {}
    for f in filters:
        for key, value in f.items():
            if key not in out:
                out[key] = value
            elif out[key] != value:
                if isinstance(out[key], dict) or isinstance(value, dict) or key.startswith("$"):
                    return and_(*filters)
                return dict(NOTHING)
    return out


def region_index(query: dict) -> dict:
    """A township's records as a range of village codes (a village code starts with its
    township's), placed first: the one index the query is planned from."""
    town = query.get("township_code")
    if isinstance(town, str) and "village_code" not in query:
        return {"village_code": {"$gte": town, "$lt": town + "~"}}
    return {}


def person_query(actor: Actor, criteria: dict) -> dict:
    """Selective fields first (exact ID, household, phone, name), then the region."""
    c = criteria_query(criteria)
    first = {k: c.pop(k) for k in ("id_number", "household_id", "phone", "name") if k in c}
    region = flat(PersonRepository.visible_to(actor),
                  {k: c.pop(k) for k in ("township_code", "village_code") if k in c})
    return flat(first, region_index(region), region, c, ACTIVE)


# fields of a list's query that township_served checks in this process (scalars: equality)
_RESIDUAL_EQ = ("sex", "status")


def township_served(query: dict) -> tuple[dict, dict] | None:
    """(filter, rest) when a list's flat query is a township, optionally an education and
    then an age band (birth-date range), besides the scope, the active flag and sex or status:
    the filter is exactly a prefix of the township_code_1_education_1_birth_date_1 index's
    fields, which the embedded MongoDB plans precisely only when nothing else is in the filter
    (with an education its candidates are exactly the matches instead of every record of the
    township; a township alone is still all its records, but read as sort keys by the index's
    equal prefix: about half the time of the server's sorted read of whole records); `rest`
    (equalities on scalar fields) and the active flag are checked here. None otherwise."""
    town, education = query.get("township_code"), query.get("education")
    if not isinstance(town, str) or not isinstance(education, (str, type(None))):
        return None
    region = query.get("village_code", {"$gte": town, "$lt": town + "~"})
    if region != {"$gte": town, "$lt": town + "~"}:
        return None   # a village (its own index) or a conflicting region
    rest = {k: v for k, v in query.items()
            if k not in ("township_code", "education", "birth_date", "village_code")}
    if rest.pop("merged_into", None) != ACTIVE["merged_into"]:
        return None
    if any(k not in _RESIDUAL_EQ or not isinstance(v, str) for k, v in rest.items()):
        return None
    served = {"township_code": town} | ({"education": education} if education else {})
    birth = query.get("birth_date")
    if birth is not None and education is None:
        return None   # the index's range needs the education before it
    if birth is not None:
        if not isinstance(birth, dict) or set(birth) - {"$gt", "$gte", "$lt", "$lte"}:
            return None
        served["birth_date"] = birth
    return served, rest


def criteria_query(c: dict) -> dict:
    q: dict = {}
    for key in ("township_code", "village_code", "id_number", "phone", "status", "sex", "education"):
        if key in c:
            q[key] = c[key]
    if "name" in c:
        # a prefix as a range (an index range; a $regex is a full scan): every string that
        # starts with it sorts between it and it + the highest code point
        q["name"] = {"$gte": c["name"], "$lt": c["name"] + "\U0010ffff"}
    if "skill" in c:
        q["skills"] = c["skill"]
    if "intended_industry" in c:
        q["intended_industries"] = c["intended_industry"]
    if "intended_region" in c:
        q["intended_regions"] = c["intended_region"]
    for key in ("new_entrant", "organized_willing"):
        if key in c:
            q[key] = True if c[key] else {"$ne": True}
    if "has_training_intention" in c:
        q["training_intention"] = {"$nin": [None, ""]} if c["has_training_intention"] else {"$in": [None, ""]}
    if "trained" in c:
        q["trainings.0"] = {"$exists": c["trained"]}
    if "duplicate_suspect" in c:
        q["duplicate_suspects.0"] = {"$exists": c["duplicate_suspect"]}
    if "labor_age" in c:
        q["beyond_labor_age"] = {"$ne": True} if c["labor_age"] else True
    if "born_after" in c:
        q["birth_date"] = {"$gt": c["born_after"], "$lte": c["born_on_or_before"]}
    return q


def sort_key(value) -> tuple:
    """MongoDB's order for the values a sort field holds here: missing/None first, then
    numbers, strings, datetimes (each field holds one type)."""
    if value is None:
        return (0, 0)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, value)


def sort_rows(rows: list[dict], spec: list) -> list[dict]:
    """The rows in a sort_spec's order, as MongoDB would sort them (in place)."""
    for key, direction in reversed(spec):   # stable: the last key first
        rows.sort(key=lambda d: sort_key(d.get(key)), reverse=direction == DESCENDING)
    return rows


def sort_spec(sort: str) -> list:
    key = sort.lstrip("-")
    if sort == "village_code":
        # the ledger's order: village, then as registered (PersonRepository._village_page)
        return [("village_code", ASCENDING), ("created_at", ASCENDING), ("_id", ASCENDING)]
    return [(key, DESCENDING if sort.startswith("-") else ASCENDING), ("_id", ASCENDING)]


class PersonRepository(MongoRepository):
    collection = "persons"
    duplicate_message = "该身份证号已登记"

    def _duplicate_fields(self, e) -> dict:
        return {"id_number": "已存在"}

    def add(self, person: dict) -> None:
        super().add(person)
        self.log_change(person["_id"], {"at": person["created_at"], "by": person["created_by"],
                                        "action": "registered",
                                        "fields": sorted(k for k in person if not k.startswith("_")),
                                        "values": {}})
        self._roll(None, person)

    def save(self, doc: dict, expected_version: int) -> None:
        """As MongoRepository.save, and the statistics' rollups follow in the same transaction
        (the record as it was comes back from the replace itself: no extra read)."""
        from pymongo import ReturnDocument
        new = dict(doc, version=expected_version + 1)
        before = self.col.find_one_and_replace({"_id": doc["_id"], "version": expected_version}, new,
                                               return_document=ReturnDocument.BEFORE,
                                               session=self.session)
        if before is None:
            raise StaleVersion("记录已被他人修改,请刷新后重试",
                               {"version": f"当前版本不是 {expected_version}"})
        doc["version"] = expected_version + 1
        self._roll(before, new)

    def _roll(self, before: dict | None, after: dict | None) -> None:
        # an insert of the change's increments, not a $inc of the village's rollup: concurrent
        # registrations in one village would all write that one document and conflict (seen
        # as 409s with three clients); the worker folds the increments in (rollups.fold)
        from .rollups import add_pending
        add_pending(self.db, self.session, rollup.delta(before, after))

    def log_change(self, person_id: str, entry: dict) -> None:
        # field names (and old/new values of non-personal fields only): the change log must
        # not become a second copy of personal data
        self.db.person_changes.insert_one(dict(entry, person_id=person_id), session=self.session)

    def history(self, person_id: str) -> list[dict]:
        entries = list(self.db.person_changes.find({"person_id": person_id}, {"_id": 0},
                                                   session=self.session).sort("at", ASCENDING))
        return [one_persons_entry(e, person_id) for e in entries]

    def by_id_number(self, id_number: str) -> dict | None:
        return self.col.find_one({"id_number": id_number}, session=self.session)

    def similar(self, name: str, birth_date: str, exclude: str) -> list[dict]:
        """Likely duplicates: same name and birth date anywhere in the county."""
        return self.find(flat({"name": name, "birth_date": birth_date, "_id": {"$ne": exclude}},
                              ACTIVE))

    def members(self, household_id: str) -> list[dict]:
        return self.find(flat({"household_id": household_id}, ACTIVE), sort=[("created_at", ASCENDING)])

    @staticmethod
    def visible_to(actor: Actor) -> dict:
        scope = region_query(actor)
        if set(scope) == {"village_code"}:
            # a village code starts with its township's (9 digits of its 12)
            scope = {"township_code": scope["village_code"][:9], "village_code": scope["village_code"]}
        return scope

    def search_visible_to(self, actor: Actor, criteria: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        """One pass over the candidates either way (the embedded MongoDB reads every candidate
        of the index for a page and again for a count): when only the region narrows the list,
        the server sorts and cuts the page and the total comes from the statistics' rollups;
        otherwise the ids and sort keys of the matches come back (their number is the total)
        and the page's records are read by _id."""
        query = person_query(actor, criteria)
        sort = criteria.get("sort", "village_code")
        spec = sort_spec(sort)
        where = {k: v for k, v in criteria.items() if k != "sort"}
        region = flat(self.visible_to(actor), where)
        if set(where) <= {"township_code", "village_code"} and set(region) <= {"township_code", "village_code"}:
            if sort == "village_code":
                return self._village_page(region, skip, limit)
            if township_served(query) is None:
                from .rollups import total
                return self.find(query, sort=spec, skip=skip, limit=limit), total(self.db, self.session, region)
        keys = self._sort_keys(query, spec)
        ids = [k["_id"] for k in keys[skip:skip + limit]]
        found = {d["_id"]: d for d in self.col.find({"_id": {"$in": ids}}, session=self.session)} if ids else {}
        return [found[i] for i in ids if i in found], len(keys)

    def _village_page(self, region: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        """A region's page in the ledger's order (village, then as registered) without reading
        the region: the rollups give each village's number of persons, so only the villages
        the page falls in are read (one equality on the village index, ~340 records at
        100,000), not every record of a township or the county (~16 s county-wide)."""
        from .rollups import read
        villages = sorted((v, n) for v, n, _, _ in read(self.db, self.session, region, "village", None))
        page, start = [], 0
        for village, n in villages:
            if start + n > skip and len(page) < limit:
                rows = sort_rows(self.find(flat({"village_code": village}, ACTIVE)), sort_spec("village_code"))
                page += rows[max(0, skip - start):][:limit - len(page)]
            start += n
        return page, start

    def _sort_keys(self, query: dict, spec: list) -> list[dict]:
        """The _ids and sort keys of the query's matches, in the sort's order."""
        served = township_served(query)
        if served is None:
            return list(self.col.find(query, {k: 1 for k, _ in spec}, session=self.session).sort(spec))
        sent, rest = served
        fields = {k: 1 for k, _ in spec} | {k: 1 for k in rest} | {"merged_into": 1}
        keys = [d for d in self.col.find(sent, fields, session=self.session)
                if "merged_into" not in d and all(d.get(k) == v for k, v in rest.items())]
        return sort_rows(keys, spec)

    def page_visible_to(self, actor: Actor, filters: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        return self.search_visible_to(actor, filters, skip, limit)

    def cursor_visible_to(self, actor: Actor, criteria: dict, projection: dict | None = None):
        """For exports and statistics: a streaming cursor, never a list of 100k records (the
        whole register in village order: _by_township)."""
        query = person_query(actor, criteria)
        sort = criteria.get("sort", "village_code")
        if query == ACTIVE and sort == "village_code":
            return self._by_township(projection)
        return self.col.find(query, projection, session=self.session,
                             batch_size=2000).sort(sort_spec(sort))

    def _by_township(self, projection: dict | None):
        """The whole register in village order, one township at a time: each township is a
        range of the village index read with no sort, which the embedded MongoDB returns in
        the index's order (village, then as stored) without sorting anything (a county-wide
        read with a sort had it sort 100,000 records in Python first: 72% of an export's
        database time). The server reads a whole township before it answers, so the next
        township is read (by a thread, outside a session) while the caller takes this one:
        read in turn, an export's xlsx writer waited for every township's read (a
        120,000-row export 39 s, the writer busy 60% of it). Merged records are dropped here."""
        from .rollups import township_codes
        fields = dict(projection, merged_into=1) if projection and 1 in projection.values() else projection

        def township(town: str) -> list[dict]:
            return [d for d in self.col.find({"village_code": {"$gte": town, "$lt": town + "~"}}, fields,
                                             session=self.session, batch_size=5000)
                    if "merged_into" not in d]
        towns = township_codes(self.db, self.session)
        if self.session is not None:   # a session is not shared between threads
            for town in towns:
                yield from township(town)
            return
        with ThreadPoolExecutor(1, thread_name_prefix="register-read") as reader:
            ahead = None
            for town in towns:
                current, ahead = ahead, reader.submit(township, town)
                if current is not None:
                    yield from current.result()
            if ahead is not None:
                yield from ahead.result()

    def stats_visible_to(self, actor: Actor, criteria: dict, group_by: str, today) -> list[tuple]:
        """From the village rollups when only the scope (and a township or village) narrows
        it; other filters are counted over the records."""
        from .rollups import read
        from .stats import counts
        where = {k: v for k, v in criteria.items() if k != "sort"}
        scope = flat(self.visible_to(actor), where)
        if set(where) <= {"township_code", "village_code"} and set(scope) <= {"township_code", "village_code"}:
            return read(self.db, self.session, scope, group_by, today)
        return counts(self.db, self.visible_to(actor), criteria, group_by, today)


class ReadAuditRepository:
    """Who opened or exported whose unmasked record, when and from where (PIPL)."""
    def __init__(self, db: Database, session):
        self.db, self.session = db, session

    def add(self, entry: dict) -> None:
        self.db.personal_data_reads.insert_one(dict(entry), session=self.session)

    def search(self, query: dict, skip: int, limit: int) -> tuple[list[dict], int]:
        col = self.db.personal_data_reads
        items = list(col.find(query, {"_id": 0}, session=self.session)
                     .sort("at", DESCENDING).skip(skip).limit(limit))
        return items, col.count_documents(query, session=self.session)


class IdempotencyRepository:
    """Answers already given to a (user, Idempotency-Key): a double-clicked form registers once."""
    def __init__(self, db: Database, session):
        self.db, self.session = db, session

    def get(self, key: str) -> dict | None:
        return self.db.idempotency_keys.find_one({"_id": key}, session=self.session)

    def add(self, key: str, person_id: str, at) -> None:
        self.db.idempotency_keys.insert_one({"_id": key, "person_id": person_id, "at": at},
                                            session=self.session)
