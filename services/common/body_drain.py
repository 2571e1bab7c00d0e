"""A body the app did not read is read to its end before the answer goes out.

An answer given before the body is read (413 for a body over the limit, 401/403 before an
upload, 415) leaves the rest of the body on the socket. gunicorn then drains at most 64 KiB
and closes the connection, after it has already told the client `Connection: keep-alive`
(it ignores a `Connection` header set by the app): the client's next request on that pooled
connection fails with "Remote end closed connection without response". Reading the rest here
keeps the connection good for the next request. Past `cap` bytes (beyond any route's limit)
the body is left and the connection closes, as before.

Only a server that ends the input stream at the body's end (`wsgi.input_terminated`, as
gunicorn does) is drained: werkzeug's development server hands over the raw socket, where a
read past the body waits for the client's next request, which never comes."""

DRAIN_CHUNK = 64 * 1024


class UnreadBodyDrain:
    def __init__(self, app, cap: int):
        self.app = app
        self.cap = cap

    def __call__(self, wsgi_env, start_response):
        # the server's own stream: inner layers may swap wsgi.input (ChunkedBodyLimit does)
        stream = wsgi_env.get("wsgi.input")
        result = self.app(wsgi_env, start_response)
        # Flask reads the body inside the view, so by now it is read or it never will be; the
        # answer's bytes are written only when the server iterates `result`
        if stream is not None and wsgi_env.get("wsgi.input_terminated") and _has_body(wsgi_env):
            drain(stream, self.cap)
        return result


def _has_body(wsgi_env) -> bool:
    length = wsgi_env.get("CONTENT_LENGTH")
    if length not in (None, "", "0"):
        return True
    return "chunked" in wsgi_env.get("HTTP_TRANSFER_ENCODING", "").lower()


def drain(stream, cap: int) -> int:
    """Read and drop what is left of `stream`, up to `cap` bytes; returns the bytes read."""
    read = 0
    try:
        while read < cap:
            chunk = stream.read(min(DRAIN_CHUNK, cap - read))
            if not chunk:
                break
            read += len(chunk)
    except (OSError, ValueError):  # the client went away, or the stream is closed
        pass
    return read
