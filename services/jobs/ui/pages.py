"""The jobs service's pages under /ui/jobs/ (framed by the gateway's shell; the search and a
posting's page are public): importing the modules registers their routes on one blueprint."""
from . import match_pages, office_pages, public_pages  # noqa: F401  (routes)
from . import application_pages, employer_pages, order_pages  # noqa: F401  (routes)
from . import notification_pages, quality_pages  # noqa: F401  (routes)
from .common import bp  # noqa: F401
