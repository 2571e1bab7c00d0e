"""Issue 6 item 8: a chunked body over 1 MiB is refused with 413, not cut off and accepted."""
import io
import json

from services.common.body_limit import ChunkedBodyLimit

LIMIT = 1024


def call(body: bytes, chunked: bool = True):
    seen = {}

    def app(environ, start_response):
        seen["body"] = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response("200 OK", [])
        return [b"ok"]

    environ = {"wsgi.input": io.BytesIO(body), "REQUEST_METHOD": "POST"}
    if chunked:
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    else:
        environ["CONTENT_LENGTH"] = str(len(body))
    status = {}
    out = b"".join(ChunkedBodyLimit(app, LIMIT)(environ, lambda s, h: status.update(s=s, h=h)))
    return status["s"], out, seen.get("body")


def test_chunked_body_over_the_limit_is_413_and_never_reaches_the_app():
    status, out, seen = call(b"x" * (LIMIT + 1))
    assert status.startswith("413") and seen is None
    assert json.loads(out)["error"]["fields"]["body"]


def test_chunked_body_within_the_limit_reaches_the_app_whole():
    status, _, seen = call(b"y" * LIMIT)
    assert status.startswith("200") and seen == b"y" * LIMIT


def test_bodies_with_a_length_are_left_to_max_content_length():
    status, _, seen = call(b"z" * (LIMIT * 3), chunked=False)
    assert status.startswith("200") and len(seen) == LIMIT * 3
