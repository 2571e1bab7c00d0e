"""The register's pages (人员登记, 人员列表), framed by the gateway's shell under /ui/registry/.
They are static shells needing no login to fetch: their scripts call the API with the user's
token, and the API enforces role and region on every call."""
from flask import Blueprint, render_template

bp = Blueprint("registry_ui", __name__, url_prefix="/ui/registry",
               template_folder="templates", static_folder="static")


@bp.get("/persons/new")
def person_new():
    """人员登记页面。"""
    return render_template("registry/person_new.html")


@bp.get("/persons")
def person_list():
    """人员列表页面。"""
    return render_template("registry/person_list.html")
