"""Compiled page templates: shared by the apps of a process, and with a folder kept for the
next process (the tests keep theirs in tests/__pycache__/jinja)."""
from flask import Flask
from jinja2 import DictLoader, Environment

from services.common import ui

PAGES = {"t/page.html": '{% extends "t/base.html" %}{% block body %}{{ message }}{% endblock %}',
         "t/base.html": "<main>{% block body %}{% endblock %}</main>"}


def _page() -> str:
    """A page and the layout it extends, rendered by a new app's template environment."""
    app = Flask("bytecode")
    ui.install_ui(app)
    app.jinja_env.loader = DictLoader(PAGES)
    return app.jinja_env.get_template("t/page.html").render(message="无权查看")


def test_a_template_compiled_once_is_loaded_from_the_folder_by_the_next_process(tmp_path, monkeypatch):
    monkeypatch.setattr(ui._ProcessBytecode, "_store", {})
    monkeypatch.setattr(ui._ProcessBytecode, "_folder", None)
    ui.keep_compiled_templates_in(str(tmp_path / "jinja"))
    first = _page()
    assert len(list((tmp_path / "jinja").iterdir())) == 2          # the page and its layout

    monkeypatch.setattr(ui._ProcessBytecode, "_store", {})         # a new process: memory empty

    def no_compile(*args, **kwargs):
        raise AssertionError("compiled again")
    monkeypatch.setattr(Environment, "compile", no_compile)
    assert _page() == first == "<main>无权查看</main>"


def test_a_folder_that_cannot_be_made_leaves_the_cache_in_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(ui._ProcessBytecode, "_folder", None)
    blocker = tmp_path / "file"
    blocker.write_text("")
    ui.keep_compiled_templates_in(str(blocker / "jinja"))          # under a file: cannot be made
    assert ui._ProcessBytecode._folder is None
