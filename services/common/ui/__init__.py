"""Server-rendered pages, shared by every service: one base layout and macros (forms, tables,
pagers, errors, labels) under templates/lex/, installed on each service's Flask app.

A service's page is a route in its `ui/` blueprint under /ui/<service>/...: it takes the user
with `current_user()` (the gateway turns the session cookie into the bearer token it forwards),
calls the same use cases and scope queries as the API, and renders a template that
`{% extends "lex/base.html" %}`. Form posts carry the CSRF token (`{{ csrf_field() }}`)."""
from flask import Blueprint, Flask, request

bp = Blueprint("lex_ui", __name__, template_folder="templates")


def csrf_token() -> str:
    # the gateway issues it with the session and forwards it to the service in this header
    return request.headers.get("X-CSRF-Token", "")


def install_ui(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.template_global()
    def csrf_field():
        from markupsafe import Markup, escape
        return Markup(f'<input type="hidden" name="csrf_token" value="{escape(csrf_token())}">')

    @app.template_filter("label")
    def label(code, choices):
        """{{ person.status|label(STATUSES) }}: the Chinese label of a code."""
        return choices.label(code)
