"""Evaluation service: targets, indicators, reports, rankings."""
from services.common.app_factory import create_service_app

from .api.indicators import bp as indicators_bp
from .bootstrap import bootstrap
from .ui.pages import bp as ui_bp


def create_app():
    evaluation = bootstrap()
    app = create_service_app("evaluation", "内乡县劳务输出平台 · 目标考评",
                             [indicators_bp, ui_bp], settings=evaluation.settings)
    app.extensions["evaluation"] = evaluation
    return app
