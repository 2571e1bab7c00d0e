"""POST /api/auth/login, POST /api/auth/logout and GET /api/auth/me."""
from flask import Blueprint, current_app, jsonify, request

from services.common.auth import current_user
from services.common.errors import ApiError
from services.common.openapi import accepts

from .. import session as sessions
from . import ratelimit, refresh, users
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
    resp = jsonify(token_pair(user, *refresh.issue(current_app.extensions["db"], user["_id"],
                                                    settings.token_ttl)))
    sessions.start(resp, user)
    return resp


def token_pair(user: dict, refresh_token: str, refresh_left: int) -> dict:
    """A short-lived access token and the refresh token that renews it (refresh.py)."""
    settings = current_app.config["GATEWAY"]
    token = issue_token(user, current_app.config["AUTH_PRIVATE_KEY"], settings.access_token_ttl)
    return {"access_token": token, "token_type": "Bearer", "expires_in": settings.access_token_ttl,
            "refresh_token": refresh_token, "refresh_expires_in": refresh_left,
            "user": users.public_user(user)}


REFRESH_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["refresh_token"],
    "properties": {"refresh_token": {"type": "string", "minLength": 20, "maxLength": 200}},
}


@bp.post("/refresh")
@accepts(REFRESH_SCHEMA)
def refresh_tokens(body):
    """用刷新令牌换取新的访问令牌和刷新令牌(刷新令牌只能用一次)。"""
    db = current_app.extensions["db"]
    try:
        user_id, next_token, left = refresh.rotate(db, body["refresh_token"])
    except refresh.RefreshRefused:
        raise ApiError(401, "invalid_refresh_token", "刷新令牌无效或已过期,请重新登录",
                       {"refresh_token": "无效、已使用或已过期"}) from None
    user = db.users.find_one({"_id": user_id, "active": True})
    if user is None:
        refresh.revoke_all(db, user_id)
        raise ApiError(401, "invalid_refresh_token", "用户不存在或已停用",
                       {"refresh_token": "用户已停用"})
    return token_pair(user, next_token, left)


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
