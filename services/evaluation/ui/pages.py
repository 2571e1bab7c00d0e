"""Evaluation's pages (指标统计), framed by the gateway's shell under /ui/evaluation/.
A static shell: its script calls the API with the user's token; the API enforces the rest."""
from datetime import date

from flask import Blueprint, render_template

bp = Blueprint("evaluation_ui", __name__, url_prefix="/ui/evaluation",
               template_folder="templates", static_folder="static")


@bp.get("/indicators")
def indicators():
    """指标统计页面。"""
    return render_template("evaluation/indicators.html", year=date.today().year)
