"""Partners for a cluster: its accepted members together are the seeker (DESIGN 4.10).

The cluster needs what its members need and offers what they offer (each text embedded on its
own, as for an organisation); its technology fields are its own and its members'; its helix
roles are its members' roles. Only :class:`~portal.registry.models.ClusterMember` rows count: an
invited organisation that has not accepted is no member and brings nothing.

The ranking is the group's (:mod:`portal.matching.groups`): the cluster's states are its own
and its members'; with the scope ``other_states`` a candidate is in none of them, with
``cross_border`` it borders a member's region.

Two kinds of suggestion come out: organisations, and other published clusters, each suggested
through its best-ranked member that the scope lets in (a cluster is as good a partner as its
member whose offer best meets the need). Each reason names the member whose need is met.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.errors import NotFound, PermissionDenied
from portal.extensions import db
from portal.matching.groups import Group, GroupMatch, Member, rank_for_group
from portal.matching.permissions import can_view_cluster_matches, works_at_one_of
from portal.matching.reasons import HELIX_LABELS, REVERSE_WORTH_SAYING, meets_need
from portal.reference.queries import region_name, technology_field_name
from portal.registry.models import (
    Cluster,
    ClusterInvitation,
    ClusterMember,
    InvitationStatus,
    Organisation,
    ProfileStatus,
)
from portal.registry.queries import get_cluster

ORGANISATION, CLUSTER = "organisation", "cluster"


def seeking_group(cluster: Cluster) -> Group:
    """A cluster as the seeker: its accepted members (the coordinator first), its own state and
    technology fields."""
    members = sorted(cluster.members, key=lambda m: (
        m.organisation_id != cluster.management_organisation_id, m.id or 0))
    return Group(tuple(Member.of(m.organisation) for m in members),
                 frozenset(f.key for f in cluster.technology_fields),
                 home_states=frozenset({cluster.state_code}))


def in_scope(match: GroupMatch, scope: str) -> bool:
    """``other_states``: none of the cluster's states; ``cross_border``: a region bordering a
    member's; ``all``: any."""
    if scope == "other_states":
        return match.relation != "same_state"
    if scope == "cross_border":
        return match.border is not None
    return True


@dataclass
class Suggestion:
    """One suggestion for a cluster: an organisation, or another cluster through ``match``, the
    match of its member that ranks best."""

    kind: str
    match: GroupMatch
    cluster: Cluster | None = None

    @property
    def score(self) -> float:
        return self.match.score

    @property
    def relation(self) -> str:
        return self.match.relation

    def sort_key(self) -> tuple:
        return (-self.score, self.kind != ORGANISATION,
                self.cluster.id if self.cluster else self.match.organisation_id)


def _clusters_of(matches: list[GroupMatch], cluster_id: int) -> list[Suggestion]:
    """Each other published cluster that one of ``matches`` (best first) is a member of, through
    its best one."""
    best = {m.organisation_id: m for m in matches}
    rows = db.session.execute(
        select(ClusterMember.organisation_id, Cluster)
        .join(Cluster, Cluster.id == ClusterMember.cluster_id)
        .where(ClusterMember.organisation_id.in_(sorted(best)),
               Cluster.status == ProfileStatus.PUBLISHED,
               Cluster.id != cluster_id)) if best else []
    through: dict[int, Suggestion] = {}
    for organisation_id, cluster in rows:
        match = best[organisation_id]
        known = through.get(cluster.id)
        if known is None or (-match.score, match.organisation_id) < (
                -known.match.score, known.match.organisation_id):
            through[cluster.id] = Suggestion(CLUSTER, match, cluster)
    return list(through.values())


def find_cluster_suggestions(cluster: Cluster, *, limit: int = 10, scope: str = "other_states"
                             ) -> list[Suggestion]:
    """Organisations and other published clusters for ``cluster``, best first (ties: the
    organisation first, then by id); at most ``limit``."""
    # The index leaves out the first member's state at once; the others' by ``in_scope``.
    index_scope = "other_states" if scope == "other_states" else "all"
    matches = rank_for_group(seeking_group(cluster), index_scope,
                             lambda match: in_scope(match, scope))
    suggestions = [Suggestion(ORGANISATION, m) for m in matches]
    suggestions += _clusters_of(matches, cluster.id)
    suggestions.sort(key=Suggestion.sort_key)
    return suggestions[:limit]


def explain_for_cluster(suggestion: Suggestion, member: Organisation) -> list[str]:
    """The reasons of a suggestion for a cluster, in the reader's language; the quoted texts and
    the names keep their own. ``member`` is the suggested organisation, or for a cluster the
    member of it that the reasons speak of."""
    match = suggestion.match
    language = str(get_locale() or "en")
    via = member.name if suggestion.kind == CLUSTER else None
    reasons = []
    if match.offer and match.need and match.need_of and meets_need(match):
        if via:
            reasons.append(_("its member %(member)s offers “%(offer)s”, which meets the need of "
                             "%(partner)s for “%(need)s”", member=via, offer=match.offer,
                             partner=match.need_of, need=match.need))
        else:
            reasons.append(_("offers “%(offer)s”, which meets the need of %(partner)s for "
                             "“%(need)s”", offer=match.offer, partner=match.need_of,
                             need=match.need))
    elif match.offer:
        reasons.append(_("its member %(member)s offers “%(offer)s”", member=via, offer=match.offer)
                       if via else _("offers “%(offer)s”", offer=match.offer))
    if (match.their_need and match.our_offer and match.offer_of
            and match.features.reverse >= REVERSE_WORTH_SAYING):
        reasons.append(_("needs “%(need)s”, which %(partner)s offers: “%(offer)s”",
                         need=match.their_need, partner=match.offer_of, offer=match.our_offer))
    if match.border and match.border_member:
        names = [region_name(code, language) for code in match.border]
        reasons.append(_("borders the region of %(partner)s (%(pair)s)",
                         partner=match.border_member, pair=" – ".join(names)))
    if match.shared_fields:
        names = [technology_field_name(key, language) for key in match.shared_fields]
        reasons.append(_("shares the technology field %(fields)s", fields=", ".join(names)))
    if match.helix_role in HELIX_LABELS:
        reasons.append(_("brings the %(role)s side of the triple helix, which the cluster "
                         "lacks", role=HELIX_LABELS[match.helix_role]()))
    return reasons


def cluster_suggestions(cluster: Cluster, *, limit: int = 10, scope: str = "other_states"
                        ) -> list[tuple[Suggestion, Organisation, list[str]]]:
    """``(suggestion, organisation, reasons)`` for ``cluster``, best first: ``organisation`` is
    the one suggested, or for a suggested cluster its member that the reasons speak of."""
    suggestions = find_cluster_suggestions(cluster, limit=limit, scope=scope)
    ids = {s.match.organisation_id for s in suggestions}
    organisations = {o.id: o for o in db.session.scalars(select(Organisation).where(
        Organisation.id.in_(sorted(ids))))} if ids else {}
    rows = []
    for suggestion in suggestions:
        organisation = organisations[suggestion.match.organisation_id]
        rows.append((suggestion, organisation, explain_for_cluster(suggestion, organisation)))
    return rows


def invited_organisation_ids(cluster_id: int) -> list[int]:
    """The organisations with an open invitation to the cluster (not members yet)."""
    return list(db.session.scalars(select(ClusterInvitation.organisation_id).where(
        ClusterInvitation.cluster_id == cluster_id,
        ClusterInvitation.status == InvitationStatus.INVITED)))


def seeking_cluster(cluster_id: int, user) -> Cluster:
    """The cluster whose suggestions ``user`` may see (:func:`can_view_cluster_matches`), with
    its members; 404 when they may not know of it, 403 for the people of an organisation it has
    invited (they know of it, but are no members yet)."""
    cluster = get_cluster(cluster_id)
    if can_view_cluster_matches(user, cluster):
        return cluster
    if works_at_one_of(user, invited_organisation_ids(cluster.id)):
        raise PermissionDenied(_("Only the cluster's members and managers see its suggestions; "
                                 "accept the invitation first."))
    raise NotFound(_("There is nothing here."))
