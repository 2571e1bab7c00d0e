"""Registry service: the labor-resource register (people, ledgers, regions)."""
from services.common.app_factory import create_service_app

from .api.audit import bp as audit_bp
from .api.duplicates import bp as duplicates_bp
from .api.households import bp as households_bp
from .api.ledgers import bp as ledgers_bp
from .api.persons import bp as persons_bp
from .api.regions import bp as regions_bp
from .bootstrap import bootstrap
from .ui import household_pages, ledger_pages, person_pages, review_pages  # noqa: F401  (their routes join ui_bp)
from .ui.pages import bp as ui_bp


def build_app(registry, settings=None):
    """The Flask app around a composition root (the real one, or the tests' fakes)."""
    app = create_service_app("registry", "内乡县劳务输出平台 · 劳动力资源档案",
                             [persons_bp, regions_bp, audit_bp, ledgers_bp, households_bp,
                              duplicates_bp, ui_bp], settings=settings)
    app.extensions["registry"] = registry
    return app


def create_app():
    registry = bootstrap()
    return build_app(registry, registry.settings)
