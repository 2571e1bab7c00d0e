"""The source scan's imports kept between runs: the same as a fresh parse, reused while a file's
text is unchanged, parsed again when it changes."""
import ast
from pathlib import Path

import pytest

from tests.support import source_scan

ROOT = Path(__file__).resolve().parents[2]


def _facts(nodes):
    return [(type(n).__name__, getattr(n, "module", None), getattr(n, "level", 0),
             [(a.name, a.asname) for a in n.names], n.lineno, n.col_offset) for n in nodes]


def test_the_kept_imports_are_those_of_a_fresh_parse():
    path = ROOT / "services" / "common" / "ui" / "__init__.py"
    fresh = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(n, (ast.Import, ast.ImportFrom))]
    fresh.sort(key=lambda n: (n.lineno, n.col_offset))
    assert _facts(source_scan.import_nodes(path)) == _facts(fresh)
    assert any(isinstance(n, ast.ImportFrom) and n.level == 2 for n in fresh)   # relative ones too


def test_an_unchanged_file_is_not_parsed_again_and_a_changed_one_is(tmp_path, monkeypatch):
    monkeypatch.setattr(source_scan, "_STORE", tmp_path / "store.json")
    # read afresh each time (the session's own functions keep what they read)
    monkeypatch.setattr(source_scan, "source", lambda p: p.read_text())
    monkeypatch.setattr(source_scan, "tree", lambda p: ast.parse(p.read_text()))
    path = tmp_path / "m.py"
    path.write_text("import os\n\ndef f():\n    from .a import b as c\n")
    first = source_scan._Store()
    assert first.imports(path) == [["import", None, 0, [["os", None]], 1, 0],
                                   ["from", "a", 1, [["b", "c"]], 4, 4]]
    first.save()
    assert (tmp_path / "store.json").exists()

    def no_parse(p):
        raise AssertionError("parsed again")
    monkeypatch.setattr(source_scan, "tree", no_parse)
    again = source_scan._Store()
    assert again.imports(path)[0][3] == [["os", None]] and not again.changed

    path.write_text("import json\n")
    monkeypatch.setattr(source_scan, "tree", lambda p: ast.parse(p.read_text()))
    assert again.imports(path) == [["import", None, 0, [["json", None]], 1, 0]] and again.changed


@pytest.mark.parametrize("stored", ['{"format": "0 python 2.7", "files": {}}', "not json", ""])
def test_a_store_of_another_format_or_unreadable_is_ignored(tmp_path, monkeypatch, stored):
    monkeypatch.setattr(source_scan, "_STORE", tmp_path / "store.json")
    (tmp_path / "store.json").write_text(stored)
    assert source_scan._Store().entries == {}


def test_a_store_saves_where_it_was_read_from(tmp_path, monkeypatch):
    monkeypatch.setattr(source_scan, "_STORE", tmp_path / "a.json")
    store = source_scan._Store()
    monkeypatch.setattr(source_scan, "_STORE", tmp_path / "b.json")   # e.g. at exit, unpatched
    store.save()
    assert (tmp_path / "a.json").exists() and not (tmp_path / "b.json").exists()


def test_facts_of_each_kind_are_kept_apart_and_a_change_of_text_drops_them_all(tmp_path, monkeypatch):
    monkeypatch.setattr(source_scan, "_STORE", tmp_path / "store.json")
    monkeypatch.setattr(source_scan, "source", lambda p: p.read_text())
    path = tmp_path / "m.py"
    path.write_text("x = 1\n")
    store, calls = source_scan._Store(), []

    def count(p):
        calls.append(p)
        return len(calls)
    assert store.facts(path, "a", count) == 1 and store.facts(path, "b", count) == 2
    assert store.facts(path, "a", count) == 1 and len(calls) == 2     # kept
    path.write_text("x = 2\n")
    assert store.facts(path, "b", count) == 3 and store.facts(path, "a", count) == 4
