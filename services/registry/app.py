"""Registry service: the labor-resource register (people, ledgers, regions)."""
from services.common.app_factory import create_service_app

from .api.audit import bp as audit_bp
from .api.households import bp as households_bp
from .api.ledgers import bp as ledgers_bp
from .api.persons import bp as persons_bp
from .api.regions import bp as regions_bp
from .bootstrap import bootstrap
from .ui import ledger_pages, person_pages  # noqa: F401  (their routes join ui_bp)
from .ui.pages import bp as ui_bp


def create_app():
    registry = bootstrap()
    app = create_service_app("registry", "内乡县劳务输出平台 · 劳动力资源档案",
                             [persons_bp, regions_bp, audit_bp, ledgers_bp, households_bp, ui_bp], settings=registry.settings)
    app.extensions["registry"] = registry
    return app
