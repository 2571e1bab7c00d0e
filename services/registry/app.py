"""Registry service: the labor-resource register (people, ledgers, regions)."""
from services.common.app_factory import create_service_app

from .api.persons import bp as persons_bp
from .api.regions import bp as regions_bp
from .storage.persons import RegionCache, ensure_indexes
from .ui.pages import bp as ui_bp


def create_app():
    app = create_service_app("registry", "内乡县劳务输出平台 · 劳动力资源档案",
                             [persons_bp, regions_bp, ui_bp])
    db = app.extensions["db"]
    ensure_indexes(db)
    app.extensions["regions"] = RegionCache(db)
    return app
