"""The postings index against a real Elasticsearch (the embedded noida-db in `make test`):
Chinese relevance on a fixture with known answers, filters, sorting, paging, highlights,
order-safe external versions and the re-index alias switch. Each test module uses its own
alias, so it never touches the platform's index."""
import uuid

import pytest
from elasticsearch import Elasticsearch

from services.jobs.search.index import PostingIndex
from services.jobs.search.query import SearchParams
from tests.integration.jobs.search_fixture import EXPECTED, FINDABLE, POSTINGS


@pytest.fixture(scope="module")
def index(stack):
    es = Elasticsearch(stack.elasticsearch_url, request_timeout=30)
    idx = PostingIndex(es, alias=f"test-postings-{uuid.uuid4().hex[:8]}")
    idx.ensure()
    for p in POSTINGS:
        idx.put(p, None, refresh=False)
    es.indices.refresh(index=idx.alias)
    yield idx
    for name in es.indices.get_alias(name=idx.alias):
        es.indices.delete(index=name)


def ids(index, **kw):
    kw.setdefault("page_size", 50)
    return [i["id"] for i in index.search(SearchParams(**kw))["items"]]


@pytest.mark.parametrize("q", sorted(EXPECTED))
def test_chinese_queries_find_exactly_the_right_postings(index, q):
    assert set(ids(index, q=q)) == EXPECTED[q]


def test_a_run_together_query_needs_most_of_its_words(index):
    # 电子厂普工 typed without a space: 电子厂 alone (p02) or 普工 alone (p04) is not enough
    assert set(ids(index, q="电子厂普工")) == {"p01", "p10"}


def test_a_title_match_ranks_first(index):
    # 电子厂 in the title (p01, p02, p10) before the employer name alone; 钢筋 in p04's text
    # is not 钢筋工
    assert set(ids(index, q="电子厂")[:3]) == {"p01", "p02", "p10"}
    assert ids(index, q="钢筋工") == ["p03"]


def test_nothing_unpublished_or_expired_is_ever_found(index):
    assert set(ids(index)) == FINDABLE


@pytest.mark.parametrize("kw,expected", [
    ({"region": "pearl_delta"}, {"p02", "p10"}),
    ({"industry": "construction"}, {"p03", "p04"}),
    ({"salary_min": 7000}, {"p02", "p03", "p05"}),
    ({"board": "food"}, {"p01", "p04", "p05", "p06", "p07", "p10"}),
    ({"posted_within": 7}, FINDABLE - {"p05"}),
    ({"q": "普工", "region": "yangtze_delta"}, {"p01", "p04"}),
])
def test_filters(index, kw, expected):
    assert set(ids(index, **kw)) == expected


def test_sort_by_wage_and_by_date(index):
    assert ids(index, sort="wage")[:2] == ["p03", "p05"]
    assert ids(index, sort="date")[-1] == "p05"


def test_paging_covers_every_result_once(index):
    seen, page = [], 1
    while True:
        result = index.search(SearchParams(page=page, page_size=3, sort="wage"))
        assert result["total"] == len(FINDABLE)
        if not result["items"]:
            break
        seen += [i["id"] for i in result["items"]]
        page += 1
    assert sorted(seen) == sorted(FINDABLE) and page == 5


def test_highlights_are_escaped_html_with_marks(index):
    hit = index.search(SearchParams(q="钢筋工"))["items"][0]
    assert hit["highlight"]["title"] == ["<mark>钢筋工</mark>"]
    assert hit["filing_number"] and hit["board_label"] == "不包吃住"


def test_an_older_version_never_overwrites_a_newer_one(index):
    p = dict(POSTINGS[0], _id=f"v-{uuid.uuid4().hex[:6]}", version=5)
    assert index.put(p, None)
    assert not index.put(dict(p, status="withdrawn", version=4), None)  # late, older event
    assert p["_id"] in ids(index, q="电子厂普工")
    assert index.put(dict(p, status="withdrawn", version=6), None)
    assert p["_id"] not in ids(index, q="电子厂普工")


def test_reindex_switches_the_alias_and_keeps_late_writes(index):
    late = dict(POSTINGS[2], _id="late-1", title="钢筋工 夜班", version=1)
    result = index.reindex(iter(POSTINGS), {}, changed_since=lambda t: [late])
    names = list(index.es.indices.get_alias(name=index.alias))
    assert names == [result["index"]] and result["replaced"] and result["indexed"] == len(POSTINGS)
    assert set(ids(index, q="钢筋工")) == {"p03", "late-1"}
    assert set(ids(index, q="普工")) == EXPECTED["普工"]
