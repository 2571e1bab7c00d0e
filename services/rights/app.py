"""Rights service (维权中心): complaints, cases, referral between departments, legal aid."""
from services.common.app_factory import create_service_app

from .api.cases import bp as cases_bp
from .api.complaints import bp as complaints_bp
from .api.referrals import bp as referrals_bp
from .api.reports import bp as reports_bp
from .bootstrap import bootstrap
from .ui.pages import bp as ui_bp


def build_app(rights, settings=None):
    """The Flask app around a composition root (the real one, or the tests' fakes)."""
    app = create_service_app("rights", "内乡县劳务输出平台 · 维权中心",
                             [complaints_bp, cases_bp, referrals_bp, reports_bp, ui_bp],
                             settings=settings)
    app.extensions["rights"] = rights
    return app


def create_app():
    rights = bootstrap()
    return build_app(rights, rights.settings)
