"""Partners for a cluster: its accepted members together are the seeker (DESIGN 4.10).

The cluster needs what its members need and offers what they offer (each text embedded on its
own, as for an organisation); its technology fields are its own and its members'; its helix
roles are its members' roles. Only :class:`~portal.registry.models.ClusterMember` rows count: an
invited organisation that has not accepted is no member and brings nothing.

The ranking is :func:`portal.matching.services.rank` (the index's shortlist, so the work is
bounded whatever the number of organisations), and then, for each candidate that is not a member,
the cluster's own view of it:

* it borders the region of *any* member: ``cross_border``, else ``transnational`` (or
  ``same_state`` when the scope lets in a state the cluster is already in);
* it brings a helix role *no* member has;
* with the scope ``other_states`` it is in none of the members' states (nor the cluster's own).

Two kinds of suggestion come out: organisations, and other published clusters, each suggested
through its best-ranked member that the scope lets in (a cluster is as good a partner as its
member whose offer best meets the need). Each reason names the member whose need is met.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.errors import NotFound, PermissionDenied
from portal.extensions import db
from portal.matching.permissions import can_view_cluster_matches, works_at_one_of
from portal.matching.reasons import HELIX_LABELS, REVERSE_WORTH_SAYING, meets_need
from portal.matching.scoring import score
from portal.matching.services import (
    Match,
    Seeker,
    borders,
    current_index,
    no_text_vectors,
    rank,
    resolve_texts,
    stored_vectors,
    text_vectors,
)
from portal.reference.queries import region_name, technology_field_name
from portal.registry.models import (
    HELIX_OF_KIND,
    Cluster,
    ClusterInvitation,
    ClusterMember,
    InvitationStatus,
    Organisation,
    ProfileStatus,
)
from portal.registry.queries import get_cluster

ORGANISATION, CLUSTER = "organisation", "cluster"


@dataclass(frozen=True)
class Member:
    """What the matching needs to know of one accepted member."""

    organisation_id: int
    name: str
    state: str
    region: str
    kind: str
    needs: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    technology_fields: frozenset[str] = frozenset()

    @classmethod
    def of(cls, organisation: Organisation) -> Member:
        return cls(organisation.id, organisation.name, organisation.state_code,
                   organisation.region_code, organisation.kind,
                   tuple(t for t in organisation.needs or [] if t.strip()),
                   tuple(t for t in organisation.offers or [] if t.strip()),
                   frozenset(f.key for f in organisation.technology_fields))


@dataclass(frozen=True)
class SeekingCluster:
    """A cluster as the seeker: its accepted members (the coordinator first) and its own state
    and technology fields."""

    cluster_id: int
    state: str
    members: tuple[Member, ...]
    own_fields: frozenset[str] = frozenset()

    @classmethod
    def of(cls, cluster: Cluster) -> SeekingCluster:
        members = sorted(cluster.members, key=lambda m: (
            m.organisation_id != cluster.management_organisation_id, m.id or 0))
        return cls(cluster.id, cluster.state_code,
                   tuple(Member.of(m.organisation) for m in members),
                   frozenset(f.key for f in cluster.technology_fields))

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(m.organisation_id for m in self.members)

    @property
    def states(self) -> frozenset[str]:
        return frozenset({self.state} | {m.state for m in self.members})

    @property
    def helix_roles(self) -> frozenset[str]:
        return frozenset(HELIX_OF_KIND[m.kind] for m in self.members if m.kind in HELIX_OF_KIND)

    @property
    def technology_fields(self) -> frozenset[str]:
        return frozenset().union(self.own_fields, *(m.technology_fields for m in self.members))

    def seeker(self) -> Seeker:
        """The seeker :func:`rank` sees: the first member's place and every member's texts.
        Its kind is left empty: the helix roles are judged here."""
        first = self.members[0]
        return Seeker(first.organisation_id, first.state, first.region, "",
                      self.technology_fields,
                      tuple(t for m in self.members for t in m.needs),
                      tuple(t for m in self.members for t in m.offers))

    def owner_of_need(self, text: str | None) -> Member | None:
        return next((m for m in self.members if text in m.needs), None) if text else None

    def owner_of_offer(self, text: str | None) -> Member | None:
        return next((m for m in self.members if text in m.offers), None) if text else None


@dataclass(frozen=True)
class Candidate:
    """Where a candidate is and what it is, as the index records it."""

    state: str
    region: str
    kind: str


@dataclass
class ClusterMatch(Match):
    """A :class:`Match` as the seeking cluster sees it: which member each reason speaks of."""

    need_of: str | None = None  #: the member whose ``need`` the candidate's offer meets
    offer_of: str | None = None  #: the member whose ``our_offer`` meets the candidate's need
    border_member: str | None = None  #: the member whose region the candidate's borders


def adjust(match: Match, seeking: SeekingCluster, candidate: Candidate,
           border_set: frozenset) -> ClusterMatch:
    """The cluster's view of one ranked candidate (see the module's docstring); pure."""
    border_member = next((m for m in seeking.members
                          if frozenset((m.region, candidate.region)) in border_set
                          and m.region != candidate.region), None)
    role = HELIX_OF_KIND.get(candidate.kind)
    lacks_role = role is not None and role not in seeking.helix_roles
    features = replace(match.features, borders=border_member is not None,
                       helix_complement=lacks_role, new_state=False)
    need_owner = seeking.owner_of_need(match.need)
    offer_owner = seeking.owner_of_offer(match.our_offer)
    values = {f.name: getattr(match, f.name) for f in fields(Match)}
    values.update(
        score=round(score(features), 4), features=features,
        relation=("same_state" if candidate.state in seeking.states
                  else "cross_border" if border_member else "transnational"),
        border=(border_member.region, candidate.region) if border_member else None,
        helix_role=role if lacks_role else None)
    return ClusterMatch(
        **values, need_of=need_owner.name if need_owner else None,
        offer_of=offer_owner.name if offer_owner else None,
        border_member=border_member.name if border_member else None)


def in_scope(match: ClusterMatch, scope: str) -> bool:
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
    match: ClusterMatch
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


def _ranked_members(seeking: SeekingCluster, scope: str) -> list[ClusterMatch]:
    """The shortlisted organisations that are not members and that ``scope`` lets in, as the
    cluster sees them, best first, with their texts."""
    index = current_index()
    if index is None or not seeking.members:
        return []
    ids = sorted(seeking.organisation_ids)
    organisations = {o.id: o for o in db.session.scalars(
        select(Organisation).where(Organisation.id.in_(ids)))}
    stored = stored_vectors(ids, index.model)
    texts = sum((text_vectors(organisations[id_], index, stored.get(id_, {})) for id_ in ids),
                no_text_vectors(index))
    border_set = borders()
    seeker = replace(seeking.seeker(), need_texts=texts.needs, offer_texts=texts.offers)
    # The index leaves out the first member's state at once; the others' are left out below.
    index_scope = "other_states" if scope == "other_states" else "all"
    ranked = rank(index, seeker, texts.need_rows, texts.offer_rows, index_scope, border_set,
                  None)
    matches = []
    for match in ranked:
        if match.organisation_id in seeking.organisation_ids:
            continue
        row = index.row_of[match.organisation_id]
        candidate = Candidate(index.state_code(row), index.region_code(row), index.kind_of(row))
        adjusted = adjust(match, seeking, candidate, border_set)
        if in_scope(adjusted, scope):
            matches.append(adjusted)
    matches.sort(key=lambda m: (-m.score, m.organisation_id))
    resolve_texts(matches)
    return matches


def _clusters_of(matches: list[ClusterMatch], seeking: SeekingCluster) -> list[Suggestion]:
    """Each other published cluster that one of ``matches`` (best first) is a member of, through
    its best one."""
    best = {m.organisation_id: m for m in matches}
    rows = db.session.execute(
        select(ClusterMember.organisation_id, Cluster)
        .join(Cluster, Cluster.id == ClusterMember.cluster_id)
        .where(ClusterMember.organisation_id.in_(sorted(best)),
               Cluster.status == ProfileStatus.PUBLISHED,
               Cluster.id != seeking.cluster_id)) if best else []
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
    seeking = SeekingCluster.of(cluster)
    matches = _ranked_members(seeking, scope)
    suggestions = [Suggestion(ORGANISATION, m) for m in matches]
    suggestions += _clusters_of(matches, seeking)
    suggestions.sort(key=Suggestion.sort_key)
    return suggestions[:limit]


def cluster_states(cluster_ids) -> dict[int, list[str]]:
    """The member states of several clusters: each one's own and its accepted members'."""
    states: dict[int, set[str]] = {}
    for cluster_id, own, member_state in db.session.execute(
            select(Cluster.id, Cluster.state_code, Organisation.state_code)
            .outerjoin(ClusterMember, ClusterMember.cluster_id == Cluster.id)
            .outerjoin(Organisation, Organisation.id == ClusterMember.organisation_id)
            .where(Cluster.id.in_(sorted(set(cluster_ids))))):
        states.setdefault(cluster_id, {own}).update({member_state} - {None})
    return {cluster_id: sorted(codes) for cluster_id, codes in states.items()}


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
