"""The UI shell: the login page and the frame with the user's header and role menu.
Both are static shells: the token lives in the browser's sessionStorage, so the server does
not know the user when rendering; the shell gets it from /api/auth/me and picks the menu."""
from flask import Blueprint, render_template

from .labels import DEPARTMENT_NAMES, ROLE_NAMES
from .menu import MENUS

bp = Blueprint("ui", __name__)


@bp.get("/")
def shell():
    """平台外框页面(页头、菜单、工作区)。"""
    menus = {role: [{"title": t, "url": u} for t, u in items] for role, items in MENUS.items()}
    return render_template("shell.html", menus=menus, role_names=ROLE_NAMES,
                           department_names=DEPARTMENT_NAMES)


@bp.get("/login")
def login_page():
    """登录页面。"""
    return render_template("login.html")
