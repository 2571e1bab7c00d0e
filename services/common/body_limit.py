"""A request body over the limit is refused with 413 even when it comes chunked.

Werkzeug enforces MAX_CONTENT_LENGTH on a chunked body (no Content-Length) by reading up to
the limit and then stopping: the handler gets the first 1 MiB as if it were the whole body.
So a chunked body is read here first, at most limit + 1 bytes, and either refused or handed
on as an ordinary body of known length."""
import io
import json

from .errors import error_body


class ChunkedBodyLimit:
    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    def __call__(self, wsgi_env, start_response):
        if wsgi_env.get("CONTENT_LENGTH") in (None, "") and \
                "chunked" in wsgi_env.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = self._read(wsgi_env["wsgi.input"])
            if len(body) > self.limit:
                return self._too_large(start_response)
            wsgi_env["wsgi.input"] = io.BytesIO(body)
            wsgi_env["CONTENT_LENGTH"] = str(len(body))
            wsgi_env.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(wsgi_env, start_response)

    def _read(self, stream) -> bytes:
        chunks, size = [], 0
        while size <= self.limit:
            chunk = stream.read(min(65536, self.limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)

    def _too_large(self, start_response):
        payload = json.dumps(error_body("request_entity_too_large", "请求体过大(上限 1 MiB)",
                                        {"body": f"超过 {self.limit} 字节"}),
                             ensure_ascii=False).encode("utf-8")
        # the rest of the body is never read: the connection cannot carry another request
        start_response("413 Request Entity Too Large", [
            ("Content-Type", "application/json"), ("Content-Length", str(len(payload))),
            ("Connection", "close")])
        return [payload]
