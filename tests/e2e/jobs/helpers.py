"""Building jobs data through the gateway for the e2e tests."""
import uuid
from datetime import date, timedelta



def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:6]}"


def tagged(title: str) -> str:
    """A posting title with its own word: searching the title finds this posting only (a
    run-together 电子厂普工ab12cd would also find another test's 电子厂普工cd34ef)."""
    return f"{title} {uuid.uuid4().hex[:6]}"


def employer(api, **over) -> dict:
    body = {"name": unique("测试电子有限公司"), "credit_code": credit_code_unique(), "region": "江苏省苏州市",
            "city": "苏州", "industry": "electronics"}
    body.update(over)
    r = api.call("POST", "/api/jobs/employers", as_user="county_admin", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def credit_code_unique() -> str:
    from services.common.domain.credit_code import check_character
    first17 = f"91320500MA{uuid.uuid4().int % 10**7:07d}"
    return first17 + check_character(first17)


def posting(api, employer_id: str, title: str, **over) -> dict:
    today = date.today()
    body = {"title": title, "employer_id": employer_id, "industry": "electronics", "work_region": "yangtze_delta",
            "work_city": "苏州", "headcount": 30, "salary_min": 4800, "salary_max": 6500, "board": "both",
            "description": "流水线组装,包吃住", "valid_from": today.isoformat(),
            "valid_until": (today + timedelta(days=30)).isoformat()}
    body.update(over)
    r = api.call("POST", "/api/jobs/postings", as_user="township_staff", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def submitted(api, employer_id: str, title: str, **over) -> dict:
    p = posting(api, employer_id, title, **over)
    r = api.call("POST", f"/api/jobs/postings/{p['id']}/submit", as_user="township_staff")
    assert r.status_code == 200, r.text
    return r.json()


def published(api, employer_id: str, title: str, **over) -> dict:
    p = submitted(api, employer_id, title, **over)
    r = api.call("POST", f"/api/jobs/postings/{p['id']}/review", as_user="county_admin",
                 json={"decision": "approve"})
    assert r.status_code == 200, r.text
    return r.json()


def search(api, **params) -> list[str]:
    r = api.call("GET", "/api/jobs/search", params=params)  # public: no token
    assert r.status_code == 200, r.text
    return [i["id"] for i in r.json()["items"]]



def worker(api, timeout: float = 60) -> str:
    """A person registered in 城关镇 (the demo township user's) and known to jobs' matching
    (the registry's event reached the jobs worker): the id."""
    from tests.support.factories import person_body
    from tests.support.wait import eventually
    r = api.call("POST", "/api/registry/persons", as_user="township_staff", json=person_body())
    assert r.status_code == 201, r.text
    person_id = r.json()["id"]
    assert eventually(lambda: api.call("GET", f"/api/jobs/matches?person_id={person_id}",
                                       as_user="county_admin").status_code == 200, timeout=timeout, interval=0.3)
    return person_id


def base(api, employer_id: str, **over) -> dict:
    today = date.today()
    body = {"employer_id": employer_id, "name": unique("测试输出基地"), "agreement_from": today.isoformat(),
            "agreement_until": (today + timedelta(days=365)).isoformat(), "quota": 50}
    body.update(over)
    r = api.call("POST", "/api/jobs/bases", as_user="county_admin", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def order(api, employer_id: str, **over) -> dict:
    body = {"employer_id": employer_id, "positions": [{"title": "普工", "headcount": 2}],
            "required_training": "岗前安全培训", "departure_date": (date.today() + timedelta(days=10)).isoformat()}
    body.update(over)
    r = api.call("POST", "/api/jobs/orders", as_user="county_admin", json=body)
    assert r.status_code == 201, r.text
    return r.json()
