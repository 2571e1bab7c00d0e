"""Property-based fuzzing of every service's API through the gateway, from the services' own
OpenAPI documents (schemathesis generates path parameters and bodies from them): no answer is
a 5xx, and rejected writes store nothing in that service's database.

Bounded: a few examples per operation and a time budget for the whole test (LEX_FUZZ_BUDGET
seconds, 50 by default); operations are taken in a random order, so a run that cannot reach
them all (a loaded machine) still covers different ones each time, and the coverage is
printed. Each operation is called as a role it allows, so bodies reach validation instead of
stopping at 403."""
import os
import random
import time

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from gateway.config import SERVICES

EXAMPLES_PER_OPERATION = 4
BUDGET_SECONDS = float(os.environ.get("LEX_FUZZ_BUDGET", "50"))
# written by consumers or by the chassis whatever the request: no evidence either way
BACKGROUND = {"processed_events", "revoked_users", "leases", "relay_lease", "login_attempts"}


def stored(db) -> dict[str, int]:
    return {name: db[name].estimated_document_count() for name in db.list_collection_names()
            if name not in BACKGROUND and "audit" not in name}


def operations(stack) -> list:
    ops = []
    for svc in SERVICES:
        spec = requests.get(stack.url(svc) + "/openapi.json", timeout=10).json()
        for result in schemathesis.openapi.from_dict(spec).get_all_operations():
            op = result.ok()
            ops.append((svc, op, spec["paths"][op.path][op.method.lower()].get("x-roles")))
    return ops


def test_no_5xx_and_nothing_stored_from_a_rejected_request(api, stack, mongo):
    ops = operations(stack)
    random.shuffle(ops)
    ops.sort(key=lambda o: SERVICES.index(o[0]))  # one service at a time, random within it
    failures: list[str] = []
    stats = {"operations": len(ops), "fuzzed": 0, "requests": 0, "accepted_writes": 0}
    http = requests.Session()
    deadline = time.monotonic() + BUDGET_SECONDS

    for svc in SERVICES:
        db = mongo[f"lex_{svc}"]
        before, accepted = stored(db), []
        for _, op, roles in (o for o in ops if o[0] == svc):
            if time.monotonic() > deadline:
                break
            stats["fuzzed"] += 1
            role = (roles[0] if roles else "county_admin") if roles is not None else None
            headers = {"Authorization": f"Bearer {api.token(role)}"} if role else {}

            @given(case=op.as_strategy())
            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                      phases=[Phase.generate], suppress_health_check=list(HealthCheck))
            def probe(case):
                resp = case.call(base_url=api.base, session=http, headers=headers, timeout=30)
                stats["requests"] += 1
                label = f"{case.method} {case.formatted_path} body={str(case.body)[:80]!r}"
                if resp.status_code >= 500:
                    failures.append(f"{resp.status_code} {label}: {resp.text[:150]}")
                elif case.method.upper() != "GET" and resp.status_code < 400:
                    accepted.append(label)
            probe()
        stats["accepted_writes"] += len(accepted)
        if not accepted:  # every write was refused: the service's data must be as it was
            after = stored(db)
            grew = {k: v - before.get(k, 0) for k, v in after.items() if v > before.get(k, 0)}
            if grew:
                failures.append(f"{svc}: rejected requests stored {grew}")

    print(f"fuzz: {stats}")
    assert stats["fuzzed"] >= min(20, len(ops))
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures[:40])
