"""The search body built from parameters: words that are filters, short and long words."""
from services.jobs.search.query import SearchParams, build, understand


def test_wage_and_board_words_become_filters():
    assert understand("月薪5000") == ("", 5000, None)
    assert understand("电子厂 包吃住 6000元以上") == ("电子厂", 6000, ["both"])
    assert understand("包吃 包住") == ("", None, ["both"])
    assert understand("钢筋工") == ("钢筋工", None, None)


def filters(body):
    return body["query"]["bool"]["filter"]


def test_only_published_unexpired_postings_are_searched():
    f = filters(build(SearchParams()))
    assert {"term": {"status": "published"}} in f
    assert {"range": {"valid_until": {"gte": "now/d"}}} in f


def test_the_higher_of_two_wage_floors_wins_and_board_codes_widen():
    f = filters(build(SearchParams(q="月薪5000", salary_min=6000, board="food")))
    assert {"range": {"salary_max": {"gte": 6000}}} in f
    assert {"terms": {"board": ["both", "food"]}} in f


def test_a_short_word_must_match_whole_a_long_one_mostly():
    short, long_ = build(SearchParams(q="钢筋工 电子厂普工"))["query"]["bool"]["must"]
    assert short["combined_fields"]["operator"] == "and"
    assert long_["bool"]["minimum_should_match"] == 3 and len(long_["bool"]["should"]) == 4


def test_without_words_relevance_sorts_by_date_and_paging_offsets():
    body = build(SearchParams(page=3, page_size=10))
    assert body["sort"][0] == {"published_at": "desc"} and body["from"] == 20
    assert build(SearchParams(q="普工", sort="wage"))["sort"][0] == {"salary_max": "desc"}
