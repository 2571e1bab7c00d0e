"""Evaluation service: targets, indicators, reports, rankings, awards."""
from services.common.app_factory import create_service_app

from .api.awards import bp as awards_bp
from .api.indicators import bp as indicators_bp
from .api.rankings import bp as rankings_bp
from .api.reports import bp as reports_bp
from .api.targets import bp as targets_bp
from .bootstrap import bootstrap
from .ui import assessment_pages, award_pages, dashboard, report_pages  # noqa: F401  (routes)
from .ui.common import bp as pages_bp
from .ui.pages import bp as ui_bp


def create_app():
    evaluation = bootstrap()
    app = create_service_app("evaluation", "内乡县劳务输出平台 · 目标考评",
                             [indicators_bp, targets_bp, rankings_bp, reports_bp, awards_bp, ui_bp,
                              pages_bp],
                             settings=evaluation.settings)
    app.extensions["evaluation"] = evaluation
    return app
