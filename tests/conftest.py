"""Test servers: URLs from the environment, containers when a Docker engine answers, or the
embedded servers on free ports in a temporary folder (see tests/support/servers.py). The
platform's own processes run from the Stack, started once per session and stopped by PID at
its end. Unit tests need none of it."""
import contextlib
import gc
import os
import tempfile
from pathlib import Path

import pytest

from tests.support import servers


def pytest_configure(config):
    # Fewer, larger young-generation collections: the test process allocates many short-lived
    # objects (apps, requests, fakes) over a large heap that lives until the end anyway.
    gc.set_threshold(50_000, 20, 20)
    # Collection imports the project: modules, classes and functions that live to the end.
    # Looking for garbage among them while they load (0.1-0.2 s), and at every later full
    # collection, finds none: no collection until then, and they are frozen after it.
    gc.disable()
    # compiled page templates kept between runs (as __pycache__ keeps bytecode; gitignored)
    from services.common.ui import keep_compiled_templates_in
    keep_compiled_templates_in(str(Path(__file__).parent / "__pycache__" / "jinja"))


def pytest_collection_finish(session):
    gc.freeze()
    gc.enable()


def pytest_unconfigure(config):
    # The process ends right after: do not walk its whole heap once more on the way out.
    gc.freeze()


@pytest.fixture(scope="session")
def stack():
    from deploy.embedded.stack import Stack
    root = Path(os.environ.get("LEX_TEST_ROOT") or tempfile.mkdtemp(prefix="lex-test-"))
    with contextlib.ExitStack() as cleanup:
        urls = servers.from_environment()
        if urls is None and servers.docker_engine_available():
            urls = cleanup.enter_context(servers.containers())
        stack = Stack.with_free_ports(root, demo=True, servers=urls)
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
def embedded(stack):
    """For tests that stop and restart the servers themselves."""
    if not stack.embedded_servers:
        pytest.skip("the servers are not ours to restart here")
    return stack


@pytest.fixture(scope="session")
def api(stack):
    # imported here: the client brings requests and the gateway's users module (a scrypt hash
    # at import), which the unit folder never needs
    from tests.support.client import Api
    return Api(stack.url("gateway"))


@pytest.fixture(scope="session")
def mongo(stack):
    from pymongo import MongoClient
    client = MongoClient(stack.mongo_url, tz_aware=True)
    yield client
    client.close()
