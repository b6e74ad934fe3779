"""Names of the registry's kinds, helix roles, sizes, statuses and cluster classifications in the
reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.reference.classifier import Classification
from portal.registry.models import HelixRole, OrganisationKind, OrganisationSize, ProfileStatus

KIND_NAMES = {
    OrganisationKind.ENTERPRISE: _l("Enterprise"),
    OrganisationKind.UNIVERSITY: _l("University"),
    OrganisationKind.RESEARCH_INSTITUTE: _l("Research institute"),
    OrganisationKind.GOVERNMENT: _l("Government body"),
    OrganisationKind.DEVELOPMENT_INSTITUTION: _l("Development institution"),
    OrganisationKind.FINANCIAL: _l("Financial institution"),
}

HELIX_NAMES = {
    HelixRole.BUSINESS: _l("Business"),
    HelixRole.ACADEMIA: _l("Research and education"),
    HelixRole.GOVERNMENT: _l("Government"),
    HelixRole.INTERMEDIARY: _l("Intermediaries"),
}

SIZE_NAMES = {
    OrganisationSize.MICRO: _l("Micro (fewer than 10 people)"),
    OrganisationSize.SMALL: _l("Small (10 to 49 people)"),
    OrganisationSize.MEDIUM: _l("Medium (50 to 249 people)"),
    OrganisationSize.LARGE: _l("Large (250 people or more)"),
}

STATUS_NAMES = {
    ProfileStatus.PENDING: _l("Waiting for moderation"),
    ProfileStatus.PUBLISHED: _l("Published"),
    ProfileStatus.RETURNED: _l("Returned for changes"),
}

#: What a cluster is, from the regions of its accepted members (DESIGN 4.10): the cluster page,
#: the search facet and the statistics name it so.
CLASSIFICATION_NAMES = {
    Classification.CROSS_BORDER: _l("Cross-border"),
    Classification.TRANSNATIONAL: _l("Transnational"),
    Classification.NATIONAL: _l("National"),
}


def registry_labels() -> dict:
    """For templates: ``kind_names``, ``helix_names``, ``size_names``, ``status_names``,
    ``cluster_classification_names``."""
    return {"kind_names": KIND_NAMES, "helix_names": HELIX_NAMES, "size_names": SIZE_NAMES,
            "status_names": STATUS_NAMES, "cluster_classification_names": CLASSIFICATION_NAMES}
