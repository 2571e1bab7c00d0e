"""The postings index in Elasticsearch: mapping (built-in `cjk` analyzer only, so one mapping
runs on Elasticsearch 8 and on the embedded noida-db), writes with external versions (the
posting's version: an older write never overwrites a newer document), the alias switch of a
re-index, and the search itself."""
import html
import logging
import time

from elasticsearch import BadRequestError, ConflictError, Elasticsearch, NotFoundError, helpers

from ..domain.labels import BOARD, EDUCATION, INDUSTRIES, WORK_REGIONS
from .query import MARK_OFF, MARK_ON, SearchParams, build

log = logging.getLogger(__name__)
ALIAS = "jobs-postings"
CJK_TEXT = {"type": "text", "analyzer": "cjk"}
MAPPING = {"properties": {
    "title": CJK_TEXT, "employer_name": CJK_TEXT, "description": CJK_TEXT, "requirements_text": CJK_TEXT,
    "employer_id": {"type": "keyword"}, "industry": {"type": "keyword"},
    "work_region": {"type": "keyword"}, "work_city": {"type": "keyword"},
    "salary_min": {"type": "integer"}, "salary_max": {"type": "integer"}, "headcount": {"type": "integer"},
    "board": {"type": "keyword"}, "status": {"type": "keyword"}, "filing_number": {"type": "keyword"},
    "published_at": {"type": "date"}, "valid_from": {"type": "date"}, "valid_until": {"type": "date"},
    "agency_id": {"type": "keyword"}, "agency_name": {"type": "keyword"},
    "agency_license_number": {"type": "keyword"}, "hours": {"type": "keyword", "index": False},
}}


def requirements_text(p: dict) -> str:
    """What a worker may search for beyond title and description; 不包吃住 is left out so that
    a search for 包吃住 cannot match it."""
    req = p.get("requirements") or {}
    parts = list(req.get("skills") or [])
    if req.get("education") and req["education"] != "none":
        parts.append(EDUCATION.label(req["education"]))
    if p.get("board") and p["board"] != "none":
        parts.append(BOARD.label(p["board"]))
    parts += [p.get("training_offered") or "", req.get("other") or "", p.get("work_city") or "",
              INDUSTRIES.label(p["industry"])]
    return " ".join(x for x in parts if x)


def document(p: dict, agency: dict | None) -> dict:
    return {
        "title": p["title"], "employer_name": p["employer_name"], "employer_id": p["employer_id"],
        "description": p.get("description") or "", "requirements_text": requirements_text(p),
        "industry": p["industry"], "work_region": p["work_region"], "work_city": p["work_city"],
        "salary_min": p["salary_min"], "salary_max": p["salary_max"], "headcount": p["headcount"],
        "board": p.get("board") or "none", "status": p["status"], "hours": p.get("hours") or "",
        "filing_number": p.get("filing_number"),
        "published_at": p["published_at"].isoformat() if p.get("published_at") else None,
        "valid_from": p["valid_from"], "valid_until": p["valid_until"],
        "agency_id": p.get("agency_id"), "agency_name": (agency or {}).get("name"),
        "agency_license_number": (agency or {}).get("license_number"),
    }


class PostingIndex:
    def __init__(self, es: Elasticsearch, alias: str = ALIAS):
        self.es = es
        self.alias = alias

    def ensure(self) -> None:
        """The alias and a first index behind it. The web app and the worker may both start
        here at once: the first index has a fixed name, so the loser's create just fails."""
        if self.es.indices.exists_alias(name=self.alias):
            return
        try:
            self.es.indices.create(index=f"{self.alias}-1", mappings=MAPPING, aliases={self.alias: {}})
        except BadRequestError as e:
            if e.error != "resource_already_exists_exception":
                raise
            if not self.es.indices.exists_alias(name=self.alias):  # the index without its alias
                self.es.indices.put_alias(index=f"{self.alias}-1", name=self.alias)

    def put(self, posting: dict, agency: dict | None, index: str | None = None,
            refresh: str | bool = "wait_for") -> bool:
        """Write the posting's current state at its version; False if a newer one is there.
        Every state is written (not only published ones): the search filters on status, so a
        withdrawn posting's newer version replaces the published one and hides it."""
        try:
            self.es.index(index=index or self.alias, id=posting["_id"], document=document(posting, agency),
                          version=posting["version"], version_type="external", refresh=refresh)
            return True
        except ConflictError:
            return False  # a newer version is already indexed: keep it

    def reindex(self, postings, agencies: dict, changed_since=None) -> dict:
        """Rebuild into a new index beside live traffic, then switch the alias in one step.
        `changed_since(t)` gives postings changed while it ran: written again after the switch
        (external versions make writing one twice harmless)."""
        started = time.time()
        new = f"{self.alias}-{time.time_ns()}"
        self.es.indices.create(index=new, mappings=MAPPING)
        actions = ({"_index": new, "_id": p["_id"], "_version": p["version"], "_version_type": "external",
                    "_source": document(p, agencies.get(p.get("agency_id")))} for p in postings)
        done, _ = helpers.bulk(self.es, actions, raise_on_error=False, refresh="wait_for")
        old = list(self.es.indices.get_alias(name=self.alias).keys()) if self.es.indices.exists_alias(name=self.alias) else []
        moves = [{"remove": {"index": i, "alias": self.alias}} for i in old] + [{"add": {"index": new, "alias": self.alias}}]
        self.es.indices.update_aliases(actions=moves)
        late = 0
        for p in (changed_since(started) if changed_since else []):
            late += self.put(p, agencies.get(p.get("agency_id")))
        for i in old:
            self.es.options(ignore_status=404).indices.delete(index=i)
        return {"index": new, "indexed": done, "late": late, "replaced": old}

    def search(self, params: SearchParams) -> dict:
        body = build(params)
        try:
            r = self.es.search(index=self.alias, **body)
        except NotFoundError:
            return {"items": [], "total": 0, "page": params.page, "page_size": params.page_size}
        items = [hit_view(h) for h in r["hits"]["hits"]]
        return {"items": items, "total": r["hits"]["total"]["value"], "page": params.page,
                "page_size": params.page_size, "took_ms": r.get("took")}


def _marked(fragment: str) -> str:
    """Highlighted text as safe HTML: escaped, then the private marks become <mark>."""
    return html.escape(fragment).replace(MARK_ON, "<mark>").replace(MARK_OFF, "</mark>")


def hit_view(hit: dict) -> dict:
    """One result; its agency's license status is added by the use case from the live table."""
    s = hit["_source"]
    return {
        "id": hit["_id"], "title": s["title"], "employer_name": s["employer_name"],
        "work_city": s["work_city"], "work_region": s["work_region"],
        "work_region_label": WORK_REGIONS.label(s["work_region"]), "industry": s["industry"],
        "industry_label": INDUSTRIES.label(s["industry"]),
        "salary_min": s["salary_min"], "salary_max": s["salary_max"], "headcount": s["headcount"],
        "board": s["board"], "board_label": BOARD.label(s["board"]), "hours": s.get("hours"),
        "filing_number": s["filing_number"], "published_at": s["published_at"],
        "valid_until": s["valid_until"], "agency_id": s.get("agency_id"), "score": hit.get("_score"),
        "highlight": {k: [_marked(f) for f in v] for k, v in (hit.get("highlight") or {}).items()},
    }
