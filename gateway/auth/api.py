"""POST /api/auth/login, POST /api/auth/logout and GET /api/auth/me."""
from flask import Blueprint, current_app, jsonify, request

from services.common.auth import current_user
from services.common.errors import ApiError
from services.common.openapi import accepts

from .. import session as sessions
from . import ratelimit, users
from .tokens import issue_token

bp = Blueprint("auth", __name__, url_prefix="/api/auth")

LOGIN_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["username", "password"],
    "properties": {"username": {"type": "string", "minLength": 1, "maxLength": 64},
                   "password": {"type": "string", "minLength": 1, "maxLength": 200}},
}


def client_ip() -> str:
    return request.remote_addr or "unknown"


def check_login(username: str, password: str) -> dict:
    """The user for these credentials, or ApiError 401/429 (shared by the JSON login and the
    login page's form post)."""
    settings = current_app.config["GATEWAY"]
    db = current_app.extensions["db"]
    # counted before the password is checked, atomically (see ratelimit.py)
    wait = ratelimit.reserve_attempt(db, username, client_ip(),
                                     settings.login_max_failures, settings.login_max_failures_per_ip,
                                     settings.login_window_s)
    if wait:
        raise ApiError(429, "too_many_attempts", f"登录失败次数过多,请 {wait} 秒后再试",
                       headers={"Retry-After": str(wait)})
    user = users.authenticate(db, username, password)
    if user is None:
        raise ApiError(401, "bad_credentials", "用户名或密码错误")
    ratelimit.release_attempt(db, username, client_ip())
    return user


@bp.post("/login")
@accepts(LOGIN_SCHEMA)
def login(body):
    """登录,返回访问令牌(API 客户端用),并设置浏览器会话 Cookie。"""
    settings = current_app.config["GATEWAY"]
    user = check_login(body["username"], body["password"])
    token = issue_token(user, current_app.config["AUTH_PRIVATE_KEY"], settings.token_ttl)
    resp = jsonify({"access_token": token, "token_type": "Bearer",
                    "expires_in": settings.token_ttl, "user": users.public_user(user)})
    sessions.start(resp, user)
    return resp


@bp.post("/logout")
def logout():
    """退出:结束浏览器会话并清除 Cookie(持令牌的 API 客户端无会话可结束)。"""
    session = sessions.current()
    if session is not None and not sessions.csrf_valid(session, sessions.submitted_csrf()):
        raise ApiError(403, "csrf_failed", "缺少或错误的 CSRF 令牌", {sessions.CSRF_FIELD: "缺失或不正确"})
    resp = current_app.response_class(status=204)
    sessions.finish(resp)
    return resp


@bp.get("/me")
def me():
    """当前登录用户。"""
    claims = current_user()
    user = current_app.extensions["db"].users.find_one({"_id": claims.id, "active": True})
    if user is None:
        raise ApiError(401, "invalid_token", "用户不存在或已停用")
    return users.public_user(user)
