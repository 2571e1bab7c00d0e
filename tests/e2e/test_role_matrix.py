"""Every route that needs a login, generated from the services' own route tables (each
service's /openapi.json lists its routes and, from @require_roles, the roles allowed): an
anonymous caller gets 401 and a caller of any other role 403, through the gateway. A route
added tomorrow is in this matrix tomorrow."""
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from gateway.config import SERVICES
from services.common.domain.roles import ROLES

# URL converters that refuse an arbitrary string (Flask would answer 404 before the view)
PARAM_VALUES = {"year": "2026"}
PLACEHOLDER = "000000000000000000000000"


def operations(stack) -> list[tuple[str, str, str, tuple]]:
    ops = []
    for svc in SERVICES:
        spec = requests.get(stack.url(svc) + "/openapi.json", timeout=10).json()
        for path, methods in spec["paths"].items():
            for method, op in methods.items():
                if "x-roles" in op:
                    url = re.sub(r"\{([^}]+)\}", lambda m: PARAM_VALUES.get(m.group(1), PLACEHOLDER), path)
                    ops.append((svc, method.upper(), url, tuple(op["x-roles"])))
    return ops


def test_every_protected_route_refuses_anonymous_callers_and_other_roles(api, stack):
    ops = operations(stack)
    assert len(ops) > 20, "the route tables list their roles"
    tokens = {role: api.token(role) for role in ROLES}
    cases = [(op, None) for op in ops]
    cases += [(op, role) for op in ops for role in ROLES if op[3] and role not in op[3]]

    def check(case):
        (svc, method, url, allowed), role = case
        headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
        body = {} if method in ("POST", "PUT", "PATCH") else None
        for _ in range(3):  # a loaded machine: an upstream timeout says nothing about roles
            r = requests.request(method, api.base + url, json=body, headers=headers, timeout=60,
                                 allow_redirects=False)
            if r.status_code not in (502, 503, 504):
                break
        want = 403 if role else 401
        if url.startswith("/api/"):
            if r.status_code == want and r.json()["error"]["code"]:
                return None
        # a page sends an anonymous browser to the login page instead
        elif r.status_code == want or (not role and r.status_code == 303
                                       and r.headers["Location"].startswith("/login")):
            return None
        return f"{method} {url} as {role or 'anonymous'} (allowed {list(allowed)}): {r.status_code} {r.text[:120]}"

    with ThreadPoolExecutor(max_workers=6) as pool:
        failures = [f for f in pool.map(check, cases) if f]
    print(f"role matrix: {len(ops)} protected operations, {len(cases)} refusals checked")
    assert not failures, f"{len(failures)} of {len(cases)}:\n" + "\n".join(failures[:40])


@pytest.mark.parametrize("role", ["county_admin", "leader"])
def test_the_matrix_is_not_vacuous(api, stack, role):
    """Each listed role is really let in somewhere (the 403s above are not a blanket refusal)."""
    token = api.token(role)
    allowed = [op for op in operations(stack) if role in op[3] and op[1] == "GET" and "{" not in op[2]
               and PLACEHOLDER not in op[2]]
    assert allowed
    ok = [op for op in allowed
          if requests.get(api.base + op[2], headers={"Authorization": f"Bearer {token}"},
                          timeout=30).status_code not in (401, 403)]
    assert len(ok) == len(allowed), [op[2] for op in allowed if op not in ok]


# ---- region: every list a township or village user may read holds only its own region -----

OWN_TOWNSHIP, OWN_VILLAGE = "411325100", "411325100201"          # the demo users' region
OTHER_TOWNSHIP, OTHER_VILLAGE = "411325102", "411325102201"


PERSONAL = ("id_number", "phone", "person_id")  # a record about a person, not a statistic


def region_codes(doc, found: list) -> list:
    """(township_code, village_code) of every record about a person in a JSON answer, at any
    depth (county-wide statistics and rankings name every township, rightly)."""
    if isinstance(doc, dict):
        if ("township_code" in doc or "village_code" in doc) and any(k in doc for k in PERSONAL):
            found.append((doc.get("township_code"), doc.get("village_code")))
        for v in doc.values():
            region_codes(v, found)
    elif isinstance(doc, list):
        for v in doc:
            region_codes(v, found)
    return found


@pytest.mark.parametrize("role, village", [("township_staff", None), ("village_liaison", OWN_VILLAGE)])
def test_region_scoped_users_list_only_their_own_region(api, stack, role, village):
    from tests.support.ids import make_id_number
    body = {"name": "区外人员", "id_number": make_id_number(), "phone": "13600002222",
            "township_code": OTHER_TOWNSHIP, "village_code": OTHER_VILLAGE}
    assert api.call("POST", "/api/registry/persons", as_user="county_admin", json=body).status_code == 201
    lists = [op for op in operations(stack) if op[1] == "GET" and op[0] and op[2].startswith("/api/")
             and PLACEHOLDER not in op[2] and "2026" not in op[2] and (not op[3] or role in op[3])]
    # newest first, the person just registered in the other township is on the first page
    # (the default order is the ledger's, by village)
    newest = "/api/registry/persons?sort=-created_at"
    seen_by_admin = region_codes(api.call("GET", newest, as_user="county_admin").json(), [])
    assert any(t == OTHER_TOWNSHIP for t, _ in seen_by_admin), "the admin sees the other township"
    leaks, checked = [], 0
    for url in [url for _, _, url, _ in lists] + [newest]:
        r = api.call("GET", url, as_user=role)
        if r.status_code != 200 or not r.headers.get("Content-Type", "").startswith("application/json"):
            continue
        checked += 1
        for township, vill in region_codes(r.json(), []):
            if (township not in (None, OWN_TOWNSHIP)) or (village and vill not in (None, village)):
                leaks.append(f"{url}: {township}/{vill}")
    print(f"region matrix ({role}): {checked} lists checked")
    assert checked and not leaks, leaks[:20]
