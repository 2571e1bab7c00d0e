"""Jobs service (招聘与就业): employers, output bases, reviewed postings, search and matching."""
from services.common.app_factory import create_service_app

from .api.employers import bp as employers_bp
from .api.notifications import bp as notifications_bp
from .api.placements import bp as placements_bp
from .api.postings import bp as postings_bp
from .api.quality import bp as quality_bp
from .api.search import bp as search_bp
from .ui.pages import bp as ui_bp


def build_app(jobs, settings=None):
    """The Flask app around a composition root (the real one, or the tests' fakes)."""
    app = create_service_app("jobs", "内乡县劳务输出平台 · 招聘与就业",
                             [employers_bp, postings_bp, search_bp, placements_bp, notifications_bp,
                              quality_bp, ui_bp], settings=settings)
    app.extensions["jobs"] = jobs
    return app


def create_app():
    # the composition root brings the Elasticsearch client (0.2 s of imports): loaded here,
    # not by every import of build_app (the tests' page apps run on fakes without it)
    from .bootstrap import bootstrap
    jobs = bootstrap()
    return build_app(jobs, jobs.settings)
