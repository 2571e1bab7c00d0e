"""Every request-body schema of every service is a valid JSON Schema (2020-12). Checked here
once, not at each process start: a wrong keyword would otherwise be silently ignored by the
validator and let bad input through."""
import importlib
import pkgutil

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

import gateway
import services
from services.common.validation import BodySchema

PACKAGES = ["services.registry", "services.jobs", "services.licensing", "services.rights",
            "services.evaluation", "services.common", "gateway"]


def _import_all() -> None:
    for root in (services, gateway):
        for mod in pkgutil.walk_packages(root.__path__, root.__name__ + "."):
            if mod.name.rsplit(".", 1)[-1] in ("__main__", "worker", "demo", "reindex", "replay"):
                continue
            if any(mod.name.startswith(p) for p in PACKAGES) and (".api" in mod.name or ".ui" in mod.name):
                importlib.import_module(mod.name)


def _frozen(value):
    """A hashable image of a schema that tells lists from tuples and 1 from True (the checker
    does), so equal images are the same schema for check_schema."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted((k, _frozen(v)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_frozen(v) for v in value))
    return (type(value).__name__, value)


def test_every_body_schema_is_a_valid_json_schema():
    _import_all()
    schemas = [b.schema for b in list(BodySchema.made)]
    assert len(schemas) >= 60, "the services' api and ui modules declare their body schemas at import"
    # an api route and its page often declare the same body: check each distinct one once
    distinct = {_frozen(schema): schema for schema in schemas}
    for schema in distinct.values():
        Draft202012Validator.check_schema(schema)


def test_schemas_that_differ_are_checked_apart():
    assert _frozen({"enum": ["a"]}) != _frozen({"enum": ("a",)}) != _frozen({"enum": "a"})
    assert _frozen({"const": 1}) != _frozen({"const": True})
    assert _frozen({"a": 1, "b": [2]}) == _frozen({"b": [2], "a": 1})


def test_a_misspelt_keyword_value_is_caught():
    with pytest.raises(SchemaError):
        Draft202012Validator.check_schema(BodySchema({"type": "strin"}).schema)
