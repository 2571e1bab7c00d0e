"""The UI shell: login page and the frame with the user's header and role menu."""
from flask import Blueprint, render_template

bp = Blueprint("ui", __name__)


@bp.get("/")
def shell():
    return render_template("shell.html")


@bp.get("/login")
def login_page():
    return render_template("login.html")
