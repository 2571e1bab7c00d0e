"""Licensing service: intermediaries and their licences, 100-point scoring, inspections,
recruitment-ad review, public verification, illegal-agency tips and enforcement."""
from services.common.app_factory import create_service_app

from .api.ads import bp as ads_bp
from .api.agencies import bp as agencies_bp
from .api.enforcement import bp as enforcement_bp
from .api.inspections import bp as inspections_bp
from .api.scoring import bp as scoring_bp
from .bootstrap import bootstrap
from .ui.pages import bp as ui_bp


def create_app():
    licensing = bootstrap(seed=True)
    app = create_service_app("licensing", "内乡县劳务输出平台 · 中介机构许可与监管",
                             [agencies_bp, scoring_bp, inspections_bp, ads_bp, enforcement_bp, ui_bp],
                             settings=licensing.settings)
    app.extensions["licensing"] = licensing
    return app
