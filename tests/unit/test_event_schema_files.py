"""Every published event schema file of every service is a valid JSON Schema (2020-12) and
names its type and version in its file name: checked once here, not at each worker start."""
import json
from pathlib import Path

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(ROOT.glob("services/*/events/schemas/*.json"))  # services/common: the envelope


def test_there_are_schema_files_for_every_producing_service():
    assert {f.parts[-4] for f in FILES} >= {"registry", "jobs", "licensing", "rights"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parts[-4]}/{p.name}")
def test_schema_file_is_a_valid_json_schema(path):
    assert path.name.count(".v") == 1 and path.name.endswith(".json")
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    jsonschema_rs.Draft202012Validator(schema)  # events are checked with it first (catalog.py)
