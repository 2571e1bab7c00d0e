"""Test servers: the embedded stack on free ports in a temporary folder, started once per
session and stopped at its end (by PID). Unit tests need none of it."""
import os
import tempfile
from pathlib import Path

import pytest

from tests.support.client import Api


@pytest.fixture(scope="session")
def stack():
    from deploy.embedded.stack import Stack
    root = Path(os.environ.get("LEX_TEST_ROOT") or tempfile.mkdtemp(prefix="lex-test-"))
    stack = Stack.with_free_ports(root, demo=True)
    try:
        stack.up()
    except Exception:
        stack.stop()
        for log in sorted((root / "logs").glob("*.log")):
            print(f"==> {log.name}\n" + log.read_text(errors="replace")[-3000:])
        raise
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
def api(stack) -> Api:
    return Api(stack.url("gateway"))


@pytest.fixture(scope="session")
def mongo(stack):
    from pymongo import MongoClient
    client = MongoClient(stack.mongo_url, tz_aware=True)
    yield client
    client.close()
