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
