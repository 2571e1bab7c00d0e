"""The one error shape of DESIGN.md: {"error": {"code", "message", "fields"}}."""
from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from .domain import errors as domain

_DEFAULT_MESSAGES = {
    400: "请求无效",
    401: "未登录或令牌无效",
    403: "无权访问",
    404: "未找到",
    405: "不支持的请求方法",
    409: "数据冲突",
    413: "请求体过大(上限 1 MiB)",
    415: "请求体须为 JSON",
    422: "违反业务规则",
    429: "请求过于频繁",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str | None = None,
                 fields: dict | None = None, headers: dict | None = None):
        super().__init__(message or code)
        self.status = status
        self.code = code
        self.message = message or _DEFAULT_MESSAGES.get(status, code)
        self.fields = fields or {}
        self.headers = headers or {}


# The one place where domain exceptions become HTTP statuses (the domain knows no HTTP).
DOMAIN_STATUS = [
    (domain.InvalidField, 400),
    (domain.NotAllowed, 403),
    (domain.OutOfRegion, 403),
    (domain.NotFound, 404),
    (domain.Duplicate, 409),
    (domain.StaleVersion, 409),
    (domain.InvalidTransition, 409),
    (domain.RuleBroken, 422),
]


def _write_conflict(e: Exception) -> bool:
    has_label = getattr(e, "has_error_label", None)
    return bool(has_label and (has_label("TransientTransactionError")
                               or getattr(e, "code", None) == 112))


def status_of(e: domain.DomainError) -> int:
    return next((status for cls, status in DOMAIN_STATUS if isinstance(e, cls)), 422)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def install_error_handlers(app: Flask, logger) -> None:
    @app.errorhandler(ApiError)
    def _api_error(e: ApiError):
        resp = jsonify(error_body(e.code, e.message, e.fields))
        resp.status_code = e.status
        for k, v in e.headers.items():
            resp.headers[k] = v
        return resp

    @app.errorhandler(domain.DomainError)
    def _domain_error(e: domain.DomainError):
        resp = jsonify(error_body(e.code, e.message, e.fields))
        resp.status_code = status_of(e)
        return resp

    @app.errorhandler(HTTPException)
    def _http_error(e: HTTPException):
        status = e.code or 500
        code = (e.name or "error").lower().replace(" ", "_")
        resp = jsonify(error_body(code, _DEFAULT_MESSAGES.get(status, e.name or "错误")))
        resp.status_code = status
        return resp

    @app.errorhandler(Exception)
    def _unexpected(e: Exception):
        if _write_conflict(e):
            # two writers at once and the use case is not retried: the caller may try again
            resp = jsonify(error_body("write_conflict", "数据正被他人修改,请稍后重试"))
            resp.status_code = 409
            return resp
        logger.exception("unhandled error")
        resp = jsonify(error_body("internal_error", "服务器内部错误"))
        resp.status_code = 500
        return resp
