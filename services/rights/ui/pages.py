"""The rights center's pages under /ui/rights/ (framed by the gateway's shell): importing the
modules registers their routes on the one blueprint."""
from . import case_pages, intake_pages, public_pages, queue_pages  # noqa: F401  (routes)
from .common import bp  # noqa: F401
