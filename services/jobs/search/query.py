"""The public job search as an Elasticsearch request body, built from plain parameters.
Pure: the service and the benchmark's raw query use the very same body.

Words a worker types that are really filters become filters: 月薪5000 / 工资5000 / 5000元 (a
posting that can pay that much), 包吃住 / 包吃 / 包住 (board and lodging)."""
import math
import re
from dataclasses import dataclass

# private-use characters around highlighted words: escaped text stays safe to show as HTML
MARK_ON, MARK_OFF = "\ue000", "\ue001"
TEXT_FIELDS = ["title^4", "employer_name^2", "description", "requirements_text"]
SORTS = {
    "relevance": [{"_score": "desc"}, {"published_at": "desc"}],
    "wage": [{"salary_max": "desc"}, {"salary_min": "desc"}, {"published_at": "desc"}],
    "date": [{"published_at": "desc"}, {"_score": "desc"}],
}
WAGE_WORDS = re.compile(r"(?:月薪|工资|薪资|月入)\s*(\d{3,6})\s*(?:元|块)?(?:以上)?|(\d{3,6})\s*(?:元|块)(?:以上)?")
BOARD_WORDS = [("包吃住", ["both"]), ("包食宿", ["both"]), ("包吃", ["both", "food"]), ("包住", ["both", "lodging"])]
CJK = re.compile(r"[\u3400-\u9fff]")
TOKEN = re.compile(r"[\u3400-\u9fff]+|[^\s\u3400-\u9fff]+")


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    region: str | None = None        # work_region code
    industry: str | None = None
    salary_min: int | None = None     # a posting that can pay at least this much a month
    board: str | None = None          # both / food / lodging: postings offering at least that
    posted_within: int | None = None  # days
    sort: str = "relevance"
    page: int = 1
    page_size: int = 10


def understand(q: str) -> tuple[str, int | None, list[str] | None]:
    """(remaining text, wage from the words, board codes from the words)."""
    wage = None
    m = WAGE_WORDS.search(q)
    if m:
        wage = int(m.group(1) or m.group(2))
        q = q[:m.start()] + " " + q[m.end():]
    board = None
    for word, codes in BOARD_WORDS:
        if word in q:
            board = codes if board is None else [c for c in board if c in codes]
            q = q.replace(word, " ")
    return " ".join(q.split()), wage, board


def _tokens(word: str) -> list[str]:
    """The word as the cjk analyzer sees it: bigrams of CJK runs, Latin/number words whole."""
    out = []
    for run in TOKEN.findall(word):
        if CJK.match(run) and len(run) > 1:
            out += [run[i:i + 2] for i in range(len(run) - 1)]
        else:
            out.append(run)
    return out


def _matches(text: str) -> list[dict]:
    """One clause per word the worker typed; a short word must match whole (all its bigrams),
    a long one mostly: a run-together 电子厂普工 still finds 电子厂 + 普工, not 电子厂 alone."""
    clauses = []
    for word in text.split():
        tokens = _tokens(word)
        if len(tokens) <= 3:
            clauses.append({"combined_fields": {"query": word, "fields": TEXT_FIELDS, "operator": "and"}})
        else:
            clauses.append({"bool": {"should": [{"combined_fields": {"query": t, "fields": TEXT_FIELDS}}
                                                for t in tokens],
                                     "minimum_should_match": math.ceil(len(tokens) * 0.75)}})
    return clauses


def findable_filter() -> list[dict]:
    """Only approved, published postings within their validity dates."""
    return [{"term": {"status": "published"}},
            {"range": {"valid_from": {"lte": "now/d"}}},
            {"range": {"valid_until": {"gte": "now/d"}}}]


def board_codes(board: str | None) -> list[str] | None:
    return {"both": ["both"], "food": ["both", "food"], "lodging": ["both", "lodging"]}.get(board or "")


def build(p: SearchParams) -> dict:
    text, wage, board = understand(p.q or "")
    filters = findable_filter()
    if p.region:
        filters.append({"term": {"work_region": p.region}})
    if p.industry:
        filters.append({"term": {"industry": p.industry}})
    wage_from = max(w for w in (p.salary_min, wage) if w is not None) if (p.salary_min or wage) else None
    if wage_from:
        filters.append({"range": {"salary_max": {"gte": wage_from}}})
    for codes in (board_codes(p.board), board):
        if codes:
            filters.append({"terms": {"board": codes}})
    if p.posted_within:
        filters.append({"range": {"published_at": {"gte": f"now-{p.posted_within}d/d"}}})
    must = _matches(text) if text else []
    sort = SORTS["date" if not must and p.sort == "relevance" else p.sort]
    return {
        "query": {"bool": {"must": must or [{"match_all": {}}], "filter": filters}},
        "sort": sort,
        "from": (p.page - 1) * p.page_size,
        "size": p.page_size,
        "track_total_hits": True,
        "highlight": {"pre_tags": [MARK_ON], "post_tags": [MARK_OFF],
                      "fields": {"title": {"number_of_fragments": 0},
                                 "description": {"fragment_size": 60, "number_of_fragments": 1},
                                 "requirements_text": {"fragment_size": 60, "number_of_fragments": 1}}},
    }
