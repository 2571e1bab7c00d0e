"""Server-rendered pages, shared by every service: one base layout and macros (forms, tables,
pagers, errors, labels, workflow buttons) under templates/lex/, installed on each service's app.

A service's pages live in its `ui/` package, on a blueprint made by `page_blueprint()` (under
/ui/<service>/, reached through the gateway, which turns the session cookie into the bearer
token it forwards). A page takes the user with `current_user()` or `@require_roles`, calls the
same use cases and scope queries as the API, and renders a template that
`{% extends "lex/base.html" %}` with `render_page()`. Form posts carry the CSRF token
(`{{ csrf_field() }}`; htmx requests get it as a header from the base layout). Errors on a page
become a page: 401 sends the browser to the login, others show the message."""
import os
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urlsplit

from flask import Blueprint, Flask, current_app, make_response, redirect, render_template, request
from jinja2 import BytecodeCache, FileSystemBytecodeCache
from markupsafe import Markup, escape

from ..domain.errors import DomainError
from ..errors import ApiError, status_of

bp = Blueprint("lex_ui", __name__, template_folder="templates")
CHINA = timezone(timedelta(hours=8))

# served by the gateway (/static/), shared by every page: one cached copy in the browser
STATIC = {"css": "/static/lex.css", "htmx": "/static/htmx.min.js", "js": "/static/page.js"}


def csrf_token() -> str:
    # the gateway issues it with the session and forwards it to the service in this header
    return request.headers.get("X-CSRF-Token", "")


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def error_of(e: Exception) -> tuple[int, dict]:
    """(status, {code, message, fields}) of an ApiError or a domain exception, for a page."""
    if isinstance(e, ApiError):
        return e.status, {"code": e.code, "message": e.message, "fields": e.fields}
    if isinstance(e, DomainError):
        return status_of(e), {"code": e.code, "message": e.message, "fields": e.fields}
    raise e


def render_page(template: str, fragment: str | None = None, status: int = 200, **context):
    """The whole page, or for an htmx request only the block named `fragment` (a filter or
    a pager swaps that part of the page; without script the link loads the whole page)."""
    if fragment and is_htmx():
        env = current_app.jinja_env
        tmpl = env.get_template(template)
        current_app.update_template_context(context)
        html = "".join(tmpl.blocks[fragment](tmpl.new_context(context)))
        return make_response(html, status)
    return make_response(render_template(template, **context), status)


def form_values(names, lists=(), upper=()) -> dict:
    """A form's fields as the API's JSON body: trimmed, blanks left out (so the JSON Schema's
    `required` names a missing field), `lists` split on commas, 、 and spaces."""
    body = {}
    for name in names:
        raw = (request.form.get(name) or "").strip()
        if not raw:
            continue
        if name in lists:
            body[name] = [item for item in re.split(r"[,,、;;\s]+", raw) if item]
        else:
            body[name] = raw.upper() if name in upper else raw
    return body


def _page_error(e):
    status, error = error_of(e)
    if status == 401:
        back = request.full_path.rstrip("?")
        if is_htmx():
            # back to the page the fragment was for, not to the fragment
            page = urlsplit(request.headers.get("HX-Current-URL", ""))
            back = page.path + (f"?{page.query}" if page.query else "") if page.path else back
            resp = make_response("", 401)
            resp.headers["HX-Redirect"] = "/login?next=" + quote(back, safe="/")  # htmx navigates
            return resp
        return redirect("/login?next=" + quote(back, safe="/"), 303)
    return render_page("lex/error.html", status=status, error=error)


def page_blueprint(name: str, import_name: str, service: str) -> Blueprint:
    """A service's page blueprint under /ui/<service>/, with its templates/ and static/, whose
    errors render as pages (the API's blueprints keep the JSON error shape)."""
    pages = Blueprint(name, import_name, url_prefix=f"/ui/{service}",
                      template_folder="templates", static_folder="static")
    pages.register_error_handler(ApiError, _page_error)
    pages.register_error_handler(DomainError, _page_error)
    return pages


class _ProcessBytecode(BytecodeCache):
    """Compiled templates shared by every app in this process, keyed by template and source
    checksum (Jinja checks it): an app made again (tests make hundreds, the worker and the web app
    share a process in some tools) does not compile the same templates again. With a folder
    (`keep_compiled_templates_in`, the tests' choice) they also outlive the process: compiling
    the pages' templates was a second of every unit run."""
    _store: dict[str, bytes] = {}
    _folder: FileSystemBytecodeCache | None = None

    def load_bytecode(self, bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
        elif self._folder is not None:
            self._folder.load_bytecode(bucket)   # leaves the bucket empty if absent or stale
            if bucket.code is not None:
                self._store[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()
        if self._folder is not None:
            try:
                self._folder.dump_bytecode(bucket)   # a temporary file renamed into place
            except OSError:
                pass                                  # a read-only folder: this process only


_BYTECODE = _ProcessBytecode()


def keep_compiled_templates_in(folder: str) -> None:
    """Also keep compiled templates in `folder` (made if missing), for the next process."""
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return                                        # cannot be made: in memory only
    _ProcessBytecode._folder = FileSystemBytecodeCache(folder)


def install_ui(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.bytecode_cache = _BYTECODE
    app.jinja_env.globals["lex_static"] = STATIC

    @app.template_global()
    def csrf_field():
        return Markup(f'<input type="hidden" name="csrf_token" value="{escape(csrf_token())}">')

    app.add_template_global(csrf_token)

    @app.context_processor
    def _macros():
        # the macros as `m` in every template, also in a block rendered alone for htmx
        # (a template's own top-level {% import %} does not run then)
        return {"m": app.jinja_env.get_template("lex/macros.html").module}

    @app.template_filter("day")
    def day(value):
        """An API timestamp (ISO, UTC) as the date in China (UTC+8, no daylight saving)."""
        if not value:
            return ""
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(CHINA).date().isoformat()

    @app.template_filter("label")
    def label(code, choices):
        """{{ person.status|label(STATUSES) }}: the Chinese label of a code."""
        return choices.label(code)
