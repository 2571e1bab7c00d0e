"""The layers' import rules, checked on the source (see docs/architecture.md):
- a domain imports no Flask, pymongo, Kafka, jwt or requests, and nothing outside domains;
- service layers import no Flask;
- a service imports from another service only that service's published `events` package;
- the chassis (services/common) imports no service."""
import ast
from pathlib import Path

import pytest

from tests.support.source_scan import import_nodes

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["registry", "jobs", "licensing", "rights", "evaluation"]
FRAMEWORKS = ("flask", "pymongo", "bson", "confluent_kafka", "jwt", "requests", "elasticsearch",
              "werkzeug", "gunicorn")


def imports(path: Path) -> list[str]:
    names = []
    for node in import_nodes(path):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = path.relative_to(ROOT).with_suffix("").parts[:-node.level]
                module = ".".join(base + ((node.module,) if node.module else ()))
            else:
                module = node.module or ""
            # `from services.registry import events` imports services.registry.events
            names += [f"{module}.{a.name}" for a in node.names]
    return names


def files(pattern: str) -> list[Path]:
    return sorted(ROOT.glob(pattern))


@pytest.mark.parametrize("path", files("services/*/domain/**/*.py"), ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_is_pure(path):
    for name in imports(path):
        assert not name.split(".")[0] in FRAMEWORKS, f"{path}: imports {name}"
        if name.startswith("services."):
            parts = name.split(".")
            assert len(parts) > 2 and parts[2] == "domain", f"{path}: imports {name} outside a domain"


@pytest.mark.parametrize("path", files("services/*/service_layer/**/*.py"), ids=lambda p: str(p.relative_to(ROOT)))
def test_service_layer_knows_no_web_framework(path):
    for name in imports(path):
        assert name.split(".")[0] not in ("flask", "werkzeug"), f"{path}: imports {name}"


@pytest.mark.parametrize("service", SERVICES)
def test_services_talk_only_through_published_events(service):
    for path in files(f"services/{service}/**/*.py"):
        for name in imports(path):
            parts = name.split(".")
            if parts[0] == "services" and len(parts) > 1 and parts[1] in SERVICES and parts[1] != service:
                assert len(parts) > 2 and parts[2] == "events", f"{path}: imports {name}"


@pytest.mark.parametrize("path", files("services/common/**/*.py"), ids=lambda p: str(p.relative_to(ROOT)))
def test_chassis_imports_no_service(path):
    for name in imports(path):
        parts = name.split(".")
        assert not (parts[0] == "services" and len(parts) > 1 and parts[1] in SERVICES), f"{path}: {name}"
