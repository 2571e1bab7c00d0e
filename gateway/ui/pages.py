"""The UI shell, rendered on the server from the session: the login page (a plain form post),
the frame with the user's header and role menu, and logout. No token ever reaches the browser's
scripts: the session cookie is HttpOnly, and the gateway turns it into the services' token."""
from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request

from services.common.errors import ApiError

from .. import session as sessions
from ..auth.api import check_login
from .labels import DEPARTMENT_NAMES, ROLE_NAMES
from .menu import menu_for
from .regions import region_name

bp = Blueprint("ui", __name__)


def error_page(status: int, message: str):
    return render_template("error.html", status=status, message=message), status


def safe_next(target: str | None) -> str:
    """Only a path on this site: `next` must not send a fresh login to another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


def cross_site(origin: str | None, host: str) -> bool:
    """A form post whose Origin names another site (a login CSRF: signing the victim into the
    attacker's account). No Origin header (old browsers) is let through."""
    if not origin:
        return False
    parts = urlsplit(origin)
    return origin == "null" or parts.netloc.lower() != host.lower()


@bp.get("/")
def shell():
    """平台外框页面(页头、菜单、工作区)。"""
    session = sessions.current()
    if session is None:
        return redirect("/login", 303)
    user = session.user
    menu = [{"title": t, "url": u} for t, u in menu_for(user["role"])]
    urls = [item["url"] for item in menu]
    # ?page= opens that page in the frame, when it is one of the role's own
    page = request.args.get("page")
    return render_template(
        "shell.html", user=user, menu=menu, csrf_token=session.csrf_token,
        current=page if page in urls else (urls[0] if urls else None),
        role_name=ROLE_NAMES.get(user["role"], user["role"]),
        department_name=DEPARTMENT_NAMES.get(user.get("department") or "", ""),
        region_name=region_name(user.get("region_code")))


@bp.get("/login")
def login_page():
    """登录页面。"""
    if sessions.current() is not None:
        return redirect(safe_next(request.args.get("next")), 303)
    return render_template("login.html", next=safe_next(request.args.get("next")))


@bp.post("/login")
def login_form():
    """登录表单提交:成功则设置会话 Cookie 并进入平台。"""
    if cross_site(request.headers.get("Origin"), request.host):
        return error_page(403, "请从本平台的登录页面登录")
    username = (request.form.get("username") or "").strip()
    password = request.form.get("password") or ""
    target = safe_next(request.form.get("next"))
    fields = {}
    if not username:
        fields["username"] = "请输入用户名"
    if not password:
        fields["password"] = "请输入密码"
    if len(username) > 64 or len(password) > 200:
        fields["username" if len(username) > 64 else "password"] = "过长"
    status, message, headers = 400, "请填写用户名和密码", {}
    if not fields:
        try:
            user = check_login(username, password)
        except ApiError as e:
            status, message, headers = e.status, e.message, e.headers
        else:
            resp = redirect(target, 303)
            sessions.start(resp, user)
            return resp
    html = render_template("login.html", next=target, username=username, error=message,
                           fields=fields)
    return html, status, headers


@bp.post("/logout")
def logout():
    """退出:结束会话(旧 Cookie 随即失效)并回到登录页。"""
    session = sessions.current()
    if session is not None and not sessions.csrf_valid(session, sessions.submitted_csrf()):
        return error_page(403, "页面已过期,请刷新后再退出")
    resp = redirect("/login", 303)
    sessions.finish(resp)
    return resp
