"""A group of organisations as one seeker: a draft consortium's partners
(:mod:`portal.proposals.consortium`), a cluster's accepted members (:mod:`portal.matching.clusters`).

The group needs what its members need and offers what they offer (each text embedded on its
own, as for an organisation); its technology fields are its members' with its own; its helix
roles are its members' kinds mapped by :data:`~portal.registry.models.HELIX_OF_KIND`. The ranking
is :func:`portal.matching.services.rank` (the index's shortlist, so the work is bounded whatever
the number of organisations), and then, for each candidate that is not a member, the group's own
view of it:

* it borders the region of *any* member (not only the first one's);
* it brings a helix role *no* member has;
* it is in none of the group's states: for a consortium a plus (``new_state`` in
  :mod:`portal.matching.scoring`), since a consortium across more borders is what the programme
  funds;
* its relation says where it stands: ``same_state`` (a state of the group), ``cross_border``
  (it borders a member's region) or ``transnational``.

Each reason can then name the member whose need is met, or whose offer meets the candidate's need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from sqlalchemy import select

from portal.extensions import db
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
from portal.registry.models import HELIX_OF_KIND, Organisation


@dataclass(frozen=True)
class Member:
    """What the matching needs to know of one member of the group."""

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
class Group:
    """Members (the one that leads first), the group's own technology fields and states, and
    whether a candidate from a state the group is not in counts in its favour."""

    members: tuple[Member, ...]
    extra_fields: frozenset[str] = frozenset()
    home_states: frozenset[str] = frozenset()
    rewards_new_state: bool = False

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(m.organisation_id for m in self.members)

    @property
    def states(self) -> frozenset[str]:
        return self.home_states | frozenset(m.state for m in self.members)

    @property
    def helix_roles(self) -> frozenset[str]:
        return frozenset(HELIX_OF_KIND[m.kind] for m in self.members if m.kind in HELIX_OF_KIND)

    @property
    def technology_fields(self) -> frozenset[str]:
        return frozenset().union(self.extra_fields, *(m.technology_fields for m in self.members))

    def seeker(self) -> Seeker:
        """The seeker :func:`rank` sees: the first member's place and every member's texts
        (those without a vector are left out by :func:`rank_for_group`). Its kind is left
        empty: the helix roles are judged here."""
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
class GroupMatch(Match):
    """A :class:`Match` as the group sees it: which member each reason speaks of."""

    need_of: str | None = None  #: the member whose ``need`` the candidate's offer meets
    offer_of: str | None = None  #: the member whose ``our_offer`` meets the candidate's need
    border_member: str | None = None  #: the member whose region the candidate's borders
    new_state: str | None = None  #: the candidate's state, when the group is not in it yet


def adjust(match: Match, group: Group, candidate: Candidate, border_set: frozenset) -> GroupMatch:
    """The group's view of one ranked candidate (see the module's docstring); pure."""
    border_member = next((m for m in group.members
                          if frozenset((m.region, candidate.region)) in border_set
                          and m.region != candidate.region), None)
    role = HELIX_OF_KIND.get(candidate.kind)
    lacks_role = role is not None and role not in group.helix_roles
    new_state = candidate.state not in group.states
    features = replace(match.features, borders=border_member is not None,
                       helix_complement=lacks_role,
                       new_state=new_state and group.rewards_new_state)
    need_owner = group.owner_of_need(match.need)
    offer_owner = group.owner_of_offer(match.our_offer)
    values = {f.name: getattr(match, f.name) for f in fields(Match)}
    values.update(
        score=round(score(features), 4), features=features,
        relation=("same_state" if not new_state
                  else "cross_border" if border_member else "transnational"),
        border=(border_member.region, candidate.region) if border_member else None,
        helix_role=role if lacks_role else None)
    return GroupMatch(
        **values, need_of=need_owner.name if need_owner else None,
        offer_of=offer_owner.name if offer_owner else None,
        border_member=border_member.name if border_member else None,
        new_state=candidate.state if new_state else None)


def rank_for_group(group: Group, index_scope: str,
                   keep: Callable[[GroupMatch], bool] = lambda _match: True) -> list[GroupMatch]:
    """The shortlisted organisations that are not members, as the group sees them, that
    ``keep`` lets in; best first (ties by id), with their texts. ``index_scope`` is the scope of
    :func:`rank` around the first member."""
    index = current_index()
    if index is None or not group.members:
        return []
    ids = sorted(group.organisation_ids)
    organisations = {o.id: o for o in db.session.scalars(
        select(Organisation).where(Organisation.id.in_(ids)))}
    stored = stored_vectors(ids, index.model)
    texts = sum((text_vectors(organisations[id_], index, stored.get(id_, {})) for id_ in ids),
                no_text_vectors(index))
    border_set = borders()
    seeker = replace(group.seeker(), need_texts=texts.needs, offer_texts=texts.offers)
    ranked = rank(index, seeker, texts.need_rows, texts.offer_rows, index_scope, border_set,
                  None)
    matches = []
    for match in ranked:
        if match.organisation_id in group.organisation_ids:
            continue
        row = index.row_of[match.organisation_id]
        candidate = Candidate(index.state_code(row), index.region_code(row), index.kind_of(row))
        adjusted = adjust(match, group, candidate, border_set)
        if keep(adjusted):
            matches.append(adjusted)
    matches.sort(key=lambda m: (-m.score, m.organisation_id))
    resolve_texts(matches)
    return matches
