"""A cluster's classification (DESIGN 4.1 and 4.10): cross-border, transnational or national,
from the regions of the organisations that belong to it.

Only :class:`~portal.registry.models.ClusterMember` rows count: an organisation invited from
another member state counts for nothing until a member of it accepts. The management
organisation is a member (the services make it one), and its region counts even before that.
Every change of membership, of the management organisation, of the cluster's region or of a
member's state or region calls :func:`refresh_classification`, so the stored
``Cluster.classification`` (the search facet and the statistics read it) stays current.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from portal.extensions import db
from portal.reference.classifier import ClassificationResult, classify
from portal.reference.queries import border_pairs
from portal.registry.models import Cluster, ClusterMember, Organisation


def member_regions(cluster: Cluster) -> list[str]:
    """The regions of the cluster's members and of its management organisation."""
    regions = [member.organisation.region_code for member in cluster.members]
    management = db.session.get(Organisation, cluster.management_organisation_id)
    if management is not None:
        regions.append(management.region_code)
    return regions or [cluster.region_code]


def classification_of(cluster: Cluster) -> ClassificationResult:
    """The classifier's verdict on the cluster's members, with its states and border pairs."""
    return classify(member_regions(cluster), border_pairs())


def refresh_classification(cluster: Cluster) -> ClassificationResult:
    """Store the cluster's classification as its members make it now. It is no edit of the
    profile, so the cluster's ``version`` stays: an editor's open form is not made stale."""
    result = classification_of(cluster)
    if cluster.classification != result.classification:
        db.session.execute(update(Cluster).where(Cluster.id == cluster.id)
                           .values(classification=str(result.classification)))
        set_committed_value(cluster, "classification", str(result.classification))
    return result


def refresh_clusters_of(organisation_id: int) -> None:
    """Refresh every cluster the organisation belongs to or manages (its region changed)."""
    clusters = db.session.scalars(
        select(Cluster).where(Cluster.id.in_(
            select(ClusterMember.cluster_id).where(ClusterMember.organisation_id == organisation_id)
            .union(select(Cluster.id).where(Cluster.management_organisation_id == organisation_id))))
    ).all()
    for cluster in clusters:
        refresh_classification(cluster)
