"""Issue 6 item 8: a chunked body over the route's limit is refused with 413, not cut off at
the limit and accepted; a route that raises its limit (uploads) still gets its whole body."""
import io
import json
import logging

import pytest
from flask import Flask, request

from services.common.app_factory import MAX_BODY, install_chassis
from services.common.body_drain import UnreadBodyDrain
from services.common.body_limit import ChunkedBodyLimit


@pytest.fixture(scope="module")
def app():
    app = Flask("body")
    install_chassis(app, "body", logging.getLogger("body"))

    @app.post("/echo")
    def echo():
        return {"n": len(request.get_data())}

    @app.post("/upload")
    def upload():
        request.max_content_length = 4 * MAX_BODY  # as registry imports do
        return {"n": len(request.get_data())}

    return app


def post(app, path: str, size: int, **env_over):
    """Through the WSGI stack as gunicorn hands a body over (the stream ends with the body);
    the answer's status, its bytes and the stream, to see how much of it was read."""
    stream = io.BytesIO(b"x" * size)
    env = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "SERVER_NAME": "t", "SERVER_PORT": "80",
           "wsgi.url_scheme": "http", "wsgi.input": stream, "wsgi.errors": io.StringIO(),
           "wsgi.input_terminated": True, "CONTENT_LENGTH": str(size),
           "CONTENT_TYPE": "application/octet-stream"}
    env.update(env_over)
    status = {}
    out = b"".join(app(env, lambda s, h, *a: status.update(s=s)))
    return int(status["s"].split()[0]), out, stream


def post_chunked(app, path: str, size: int):
    """A chunked body: no CONTENT_LENGTH."""
    code, out, _ = post(app, path, size, CONTENT_LENGTH=None, HTTP_TRANSFER_ENCODING="chunked")
    return code, json.loads(out)


def test_chunked_body_over_one_mebibyte_is_413_not_cut_off(app):
    code, body = post_chunked(app, "/echo", MAX_BODY + 1)
    assert code == 413 and body["error"]["code"]


def test_chunked_body_within_the_limit_arrives_whole(app):
    assert post_chunked(app, "/echo", MAX_BODY) == (200, {"n": MAX_BODY})


def test_a_route_with_a_larger_limit_gets_its_whole_chunked_upload(app):
    assert post_chunked(app, "/upload", 3 * MAX_BODY) == (200, {"n": 3 * MAX_BODY})
    code, _ = post_chunked(app, "/upload", 4 * MAX_BODY + 1)
    assert code == 413


def test_beyond_the_hard_limit_the_middleware_refuses_before_the_app():
    called = []

    def inner(env, start_response):
        called.append(1)
        start_response("200 OK", [])
        return [b""]
    status = {}
    env = {"wsgi.input": io.BytesIO(b"y" * 2049), "HTTP_TRANSFER_ENCODING": "chunked"}
    out = b"".join(ChunkedBodyLimit(inner, 2048)(env, lambda s, h: status.update(s=s)))
    assert status["s"].startswith("413") and not called and json.loads(out)["error"]["fields"]["body"]


def test_a_body_refused_unread_is_read_to_its_end_so_the_connection_can_serve_again(app):
    # gunicorn drains only 64 KiB of an unread body and then closes a connection it has
    # announced as keep-alive: the app reads the rest itself
    code, _, stream = post(app, "/echo", MAX_BODY + 10)
    assert code == 413 and stream.tell() == MAX_BODY + 10


def test_a_body_of_an_unknown_route_is_read_to_its_end(app):
    code, _, stream = post(app, "/nowhere", 200_000)
    assert code == 404 and stream.tell() == 200_000


def test_the_drain_stops_at_its_cap():
    def refuse(env, start_response):
        start_response("401 UNAUTHORIZED", [])
        return [b""]
    stream = io.BytesIO(b"q" * 5000)
    env = {"wsgi.input": stream, "CONTENT_LENGTH": "5000", "wsgi.input_terminated": True}
    UnreadBodyDrain(refuse, 3000)(env, lambda s, h: None)
    assert stream.tell() == 3000


def test_a_stream_the_server_does_not_end_is_never_read_past_what_the_app_read(app):
    # werkzeug's development server passes the socket itself: a read past the body would wait
    # for a next request that the waiting client never sends
    code, _, stream = post(app, "/nowhere", 200_000, **{"wsgi.input_terminated": False})
    assert code == 404 and stream.tell() == 0
