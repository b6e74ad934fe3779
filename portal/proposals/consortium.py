"""Partners for a draft consortium: the proposal's partners together are the seeker.

The consortium needs what its partners need and offers what they offer (each text embedded on
its own, as for an organisation); its technology fields are the partners' together with the
call's and the proposal's; its helix roles are its partners' kinds mapped by
:data:`~portal.registry.models.HELIX_OF_KIND`. The ranking is
:func:`portal.matching.services.rank` over every member state (a partner from a state already in
the consortium may still be the best one), and then, for each candidate that is not a partner
yet, the consortium's own view of it:

* it borders the region of *any* partner (not only the lead's);
* it brings a helix role *no* partner has;
* it is in a member state *no* partner is in: a plus (``new_state`` in
  :mod:`portal.matching.scoring`), since a consortium across more borders is what the programme
  funds;
* its relation says where it stands: ``same_state`` (a state some partner is in),
  ``cross_border`` (it borders a partner's region) or ``transnational``.

Each reason names the partner whose need is met, or whose offer meets the candidate's need, and
quotes both texts.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.matching.reasons import (
    HELIX_LABELS,
    REVERSE_WORTH_SAYING,
    field_name,
    meets_need,
    region_name,
)
from portal.matching.scoring import score
from portal.matching.services import (
    Match,
    Seeker,
    borders,
    current_index,
    no_text_vectors,
    rank,
    resolve_texts,
    text_vectors,
)
from portal.proposals.models import Proposal
from portal.reference.models import MemberState
from portal.registry.models import HELIX_OF_KIND, Organisation

#: How a suggested organisation stands to the consortium, for the page.
RELATION_LABELS = {
    "same_state": _l("a member state already in the consortium"),
    "cross_border": _l("a new member state, bordering a partner's region"),
    "transnational": _l("a new member state"),
}


@dataclass(frozen=True)
class Member:
    """What the matching needs to know of one partner."""

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
class Consortium:
    """The partners of a draft proposal (the lead first) and the fields of its call."""

    members: tuple[Member, ...]
    extra_fields: frozenset[str] = frozenset()

    @classmethod
    def of(cls, proposal: Proposal) -> Consortium:
        partners = sorted(proposal.partners, key=lambda p: (
            p.organisation_id != proposal.lead_organisation_id, p.id or 0))
        return cls(tuple(Member.of(p.organisation) for p in partners),
                   frozenset(f.key for f in proposal.call.technology_fields)
                   | frozenset(f.key for f in proposal.technology_fields))

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(m.organisation_id for m in self.members)

    @property
    def states(self) -> frozenset[str]:
        return frozenset(m.state for m in self.members)

    @property
    def helix_roles(self) -> frozenset[str]:
        return frozenset(HELIX_OF_KIND[m.kind] for m in self.members if m.kind in HELIX_OF_KIND)

    @property
    def technology_fields(self) -> frozenset[str]:
        return frozenset().union(self.extra_fields, *(m.technology_fields for m in self.members))

    def seeker(self) -> Seeker:
        """The seeker :func:`rank` sees: the lead's place and every partner's texts (those
        without a vector are left out by :func:`find_consortium_matches`). Its kind is left
        empty: the helix roles are judged here."""
        lead = self.members[0]
        return Seeker(lead.organisation_id, lead.state, lead.region, "", self.technology_fields,
                      tuple(t for m in self.members for t in m.needs),
                      tuple(t for m in self.members for t in m.offers))

    def owner_of_need(self, text: str | None) -> Member | None:
        return next((m for m in self.members if text in m.needs), None) if text else None

    def owner_of_offer(self, text: str | None) -> Member | None:
        return next((m for m in self.members if text in m.offers), None) if text else None


@dataclass
class ConsortiumMatch(Match):
    """A :class:`Match` as the consortium sees it: which partner each reason speaks of."""

    need_of: str | None = None  #: the partner whose ``need`` the candidate's offer meets
    offer_of: str | None = None  #: the partner whose ``our_offer`` meets the candidate's need
    border_partner: str | None = None  #: the partner whose region the candidate's borders
    new_state: str | None = None  #: the candidate's state, when no partner is in it yet


@dataclass(frozen=True)
class Candidate:
    """Where a candidate is and what it is, as the index records it."""

    state: str
    region: str
    kind: str


def adjust(match: Match, consortium: Consortium, candidate: Candidate,
           border_set: frozenset) -> ConsortiumMatch:
    """The consortium's view of one ranked candidate (see the module's docstring); pure."""
    border_member = next((m for m in consortium.members
                          if frozenset((m.region, candidate.region)) in border_set
                          and m.region != candidate.region), None)
    role = HELIX_OF_KIND.get(candidate.kind)
    lacks_role = role is not None and role not in consortium.helix_roles
    new_state = candidate.state not in consortium.states
    features = replace(match.features, borders=border_member is not None,
                       helix_complement=lacks_role, new_state=new_state)
    need_owner = consortium.owner_of_need(match.need)
    offer_owner = consortium.owner_of_offer(match.our_offer)
    values = {f.name: getattr(match, f.name) for f in fields(Match)}
    values.update(
        score=round(score(features), 4), features=features,
        relation=("same_state" if not new_state
                  else "cross_border" if border_member else "transnational"),
        border=(border_member.region, candidate.region) if border_member else None,
        helix_role=role if lacks_role else None)
    return ConsortiumMatch(
        **values, need_of=need_owner.name if need_owner else None,
        offer_of=offer_owner.name if offer_owner else None,
        border_partner=border_member.name if border_member else None,
        new_state=candidate.state if new_state else None)


def find_consortium_matches(proposal: Proposal, *, limit: int | None = 10
                            ) -> list[ConsortiumMatch]:
    """Organisations that are not partners yet, from every member state, best first (ties by
    id), each with what explains it."""
    index = current_index()
    consortium = Consortium.of(proposal)
    if index is None or not consortium.members:
        return []
    texts = sum((text_vectors(db.session.get(Organisation, member.organisation_id), index)
                 for member in consortium.members), no_text_vectors(index))
    border_set = borders()
    seeker = replace(consortium.seeker(), need_texts=texts.needs, offer_texts=texts.offers)
    ranked = rank(index, seeker, texts.need_rows, texts.offer_rows, "all", border_set, None)
    matches = []
    for match in ranked:
        if match.organisation_id in consortium.organisation_ids:
            continue
        row = index.row_of[match.organisation_id]
        candidate = Candidate(index.state_code(row), index.region_code(row), index.kind_of(row))
        matches.append(adjust(match, consortium, candidate, border_set))
    matches.sort(key=lambda m: (-m.score, m.organisation_id))
    resolve_texts(matches)
    return matches[:limit]


def explain_for_consortium(match: ConsortiumMatch) -> list[str]:
    """The reasons of a suggestion for a consortium, in the reader's language; the quoted
    texts and the partners' names keep their own."""
    language = str(get_locale() or "en")
    reasons = []
    if match.offer and match.need and match.need_of and meets_need(match):
        reasons.append(_("offers “%(offer)s”, which meets the need of %(partner)s for "
                         "“%(need)s”", offer=match.offer, partner=match.need_of, need=match.need))
    elif match.offer:
        reasons.append(_("offers “%(offer)s”", offer=match.offer))
    if (match.their_need and match.our_offer and match.offer_of
            and match.features.reverse >= REVERSE_WORTH_SAYING):
        reasons.append(_("needs “%(need)s”, which %(partner)s offers: “%(offer)s”",
                         need=match.their_need, partner=match.offer_of, offer=match.our_offer))
    if match.new_state:
        state = db.session.get(MemberState, match.new_state)
        reasons.append(_("would bring %(state)s into the consortium, which has no partner there yet",
                         state=state.name(language) if state else match.new_state))
    if match.border and match.border_partner:
        names = [region_name(code, language) for code in match.border]
        reasons.append(_("borders the region of %(partner)s (%(pair)s)",
                         partner=match.border_partner, pair=" – ".join(names)))
    if match.shared_fields:
        names = [field_name(key, language) for key in match.shared_fields]
        reasons.append(_("shares the technology field %(fields)s", fields=", ".join(names)))
    if match.helix_role in HELIX_LABELS:
        reasons.append(_("brings the %(role)s side of the triple helix, which the consortium "
                         "lacks", role=HELIX_LABELS[match.helix_role]()))
    return reasons


def consortium_suggestions(proposal: Proposal, *, limit: int = 10
                           ) -> list[tuple[ConsortiumMatch, Organisation, list[str]]]:
    """``(match, organisation, reasons)`` for a draft consortium, best first."""
    matches = find_consortium_matches(proposal, limit=limit)
    organisations = {o.id: o for o in db.session.scalars(select(Organisation).where(
        Organisation.id.in_([m.organisation_id for m in matches])))} if matches else {}
    return [(m, organisations[m.organisation_id], explain_for_consortium(m)) for m in matches]
