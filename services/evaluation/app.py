"""Evaluation service: targets, indicators, reports, rankings."""
from services.common.app_factory import create_service_app

from .api.indicators import bp as indicators_bp
from .storage.indicators import ensure_indexes
from .ui.pages import bp as ui_bp


def create_app():
    app = create_service_app("evaluation", "内乡县劳务输出平台 · 目标考评", [indicators_bp, ui_bp])
    ensure_indexes(app.extensions["db"])
    return app
