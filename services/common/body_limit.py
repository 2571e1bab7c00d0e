"""A request body over the limit is refused with 413 even when it comes chunked.

Werkzeug enforces MAX_CONTENT_LENGTH (and a view's own `request.max_content_length`, raised
for uploads such as registry imports) on a chunked body, which has no Content-Length, by
reading up to the limit and then stopping: the handler gets the first 1 MiB as if it were the
whole body. So a chunked body is read here first, into a spooled temporary file, and handed on
as an ordinary body of known length; werkzeug then refuses it with 413 like any body over the
limit that applies to the route. Beyond `hard_limit` (no route takes more) it is refused here."""
import json
import tempfile

from .errors import error_body

SPOOL_IN_MEMORY = 1024 * 1024  # larger bodies go to a temporary file


class ChunkedBodyLimit:
    def __init__(self, app, hard_limit: int):
        self.app = app
        self.hard_limit = hard_limit

    def __call__(self, wsgi_env, start_response):
        if wsgi_env.get("CONTENT_LENGTH") in (None, "") and \
                "chunked" in wsgi_env.get("HTTP_TRANSFER_ENCODING", "").lower():
            body, size = self._read(wsgi_env["wsgi.input"])
            if size > self.hard_limit:
                body.close()
                return self._too_large(start_response)
            wsgi_env["wsgi.input"] = body
            wsgi_env["CONTENT_LENGTH"] = str(size)
            wsgi_env.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(wsgi_env, start_response)

    def _read(self, stream):
        body = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
        size = 0
        while size <= self.hard_limit:
            chunk = stream.read(min(65536, self.hard_limit + 1 - size))
            if not chunk:
                break
            body.write(chunk)
            size += len(chunk)
        body.seek(0)
        return body, size

    def _too_large(self, start_response):
        payload = json.dumps(error_body("request_entity_too_large", "请求体过大",
                                        {"body": f"超过 {self.hard_limit} 字节"}),
                             ensure_ascii=False).encode("utf-8")
        # the rest is more than UnreadBodyDrain reads: the server closes the connection after
        # this answer (it ignores an app's Connection header)
        start_response("413 Request Entity Too Large", [
            ("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
        return [payload]
