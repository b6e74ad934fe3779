"""The versioned JSON API of API.md: the blueprint and the feature modules that add routes to it."""

from portal.api import docs  # noqa: F401  (routes)
from portal.api.base import bp
from portal.calls import api as calls_api  # noqa: F401  (routes)
from portal.council import api as council_api  # noqa: F401  (routes)
from portal.matching import api as matching_api  # noqa: F401  (routes)
from portal.partnering import api as partnering_api  # noqa: F401  (routes)
from portal.proposals import api as proposals_api  # noqa: F401  (routes)
from portal.reference import api as reference_api  # noqa: F401  (routes)
from portal.registry import api as registry_api  # noqa: F401  (routes)
from portal.registry import cluster_api  # noqa: F401  (routes)
from portal.review import api as review_api  # noqa: F401  (routes)
from portal.search import api as search_api  # noqa: F401  (routes)

__all__ = ["bp"]
