"""Compiled page templates: shared by the apps of a process, and with a folder kept for the
next process (the tests keep theirs in tests/__pycache__/jinja)."""
from flask import Flask, render_template
from jinja2 import Environment

from services.common import ui


def _error_page() -> str:
    """The error page (and the layout and macros it uses) rendered by a new app."""
    app = Flask("bytecode")
    ui.install_ui(app)
    with app.test_request_context():
        return render_template("lex/error.html", error={"message": "无权查看", "fields": {}})


def test_a_template_compiled_once_is_loaded_from_the_folder_by_the_next_process(tmp_path, monkeypatch):
    monkeypatch.setattr(ui._ProcessBytecode, "_store", {})
    monkeypatch.setattr(ui._ProcessBytecode, "_folder", None)
    ui.keep_compiled_templates_in(str(tmp_path / "jinja"))
    first = _error_page()
    assert len(list((tmp_path / "jinja").iterdir())) >= 3          # page, layout, macros

    monkeypatch.setattr(ui._ProcessBytecode, "_store", {})         # a new process: memory empty

    def no_compile(*args, **kwargs):
        raise AssertionError("compiled again")
    monkeypatch.setattr(Environment, "compile", no_compile)
    assert _error_page() == first and "无权查看" in first


def test_a_folder_that_cannot_be_made_leaves_the_cache_in_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(ui._ProcessBytecode, "_folder", None)
    blocker = tmp_path / "file"
    blocker.write_text("")
    ui.keep_compiled_templates_in(str(blocker / "jinja"))          # under a file: cannot be made
    assert ui._ProcessBytecode._folder is None
