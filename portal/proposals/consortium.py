"""Partners for a draft consortium: the proposal's partners together are the seeker, a
:class:`~portal.matching.groups.Group` whose technology fields are the partners' with the call's
and the proposal's. Every member state is ranked (a partner from a state already in the
consortium may still be the best one), and a candidate in a member state no partner is in gets
the ``new_state`` plus (:mod:`portal.matching.scoring`), since a consortium across more borders
is what the programme funds. Each reason names the partner whose need is met, or whose offer
meets the candidate's need, and quotes both texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.matching.groups import Candidate, Group, GroupMatch, Member, adjust, rank_for_group
from portal.matching.reasons import HELIX_LABELS, REVERSE_WORTH_SAYING, meets_need
from portal.proposals.models import Proposal
from portal.reference.queries import region_name, state_name, technology_field_name
from portal.registry.models import Organisation

__all__ = ["Candidate", "Consortium", "Member", "adjust", "consortium_suggestions",
           "explain_for_consortium", "find_consortium_matches"]

#: How a suggested organisation stands to the consortium, for the page.
RELATION_LABELS = {
    "same_state": _l("a member state already in the consortium"),
    "cross_border": _l("a new member state, bordering a partner's region"),
    "transnational": _l("a new member state"),
}


@dataclass(frozen=True)
class Consortium(Group):
    """The partners of a draft proposal (the lead first) and the fields of its call."""

    rewards_new_state: bool = True

    @classmethod
    def of(cls, proposal: Proposal) -> Consortium:
        partners = sorted(proposal.partners, key=lambda p: (
            p.organisation_id != proposal.lead_organisation_id, p.id or 0))
        return cls(tuple(Member.of(p.organisation) for p in partners),
                   frozenset(f.key for f in proposal.call.technology_fields)
                   | frozenset(f.key for f in proposal.technology_fields))


def find_consortium_matches(proposal: Proposal, *, limit: int | None = 10) -> list[GroupMatch]:
    """Organisations that are not partners yet, from every member state, best first (ties by
    id), each with what explains it."""
    return rank_for_group(Consortium.of(proposal), "all")[:limit]


def explain_for_consortium(match: GroupMatch) -> list[str]:
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
        reasons.append(_("would bring %(state)s into the consortium, which has no partner there yet",
                         state=state_name(match.new_state, language)))
    if match.border and match.border_member:
        names = [region_name(code, language) for code in match.border]
        reasons.append(_("borders the region of %(partner)s (%(pair)s)",
                         partner=match.border_member, pair=" – ".join(names)))
    if match.shared_fields:
        names = [technology_field_name(key, language) for key in match.shared_fields]
        reasons.append(_("shares the technology field %(fields)s", fields=", ".join(names)))
    if match.helix_role in HELIX_LABELS:
        reasons.append(_("brings the %(role)s side of the triple helix, which the consortium "
                         "lacks", role=HELIX_LABELS[match.helix_role]()))
    return reasons


def consortium_suggestions(proposal: Proposal, *, limit: int = 10
                           ) -> list[tuple[GroupMatch, Organisation, list[str]]]:
    """``(match, organisation, reasons)`` for a draft consortium, best first."""
    matches = find_consortium_matches(proposal, limit=limit)
    organisations = {o.id: o for o in db.session.scalars(select(Organisation).where(
        Organisation.id.in_([m.organisation_id for m in matches])))} if matches else {}
    return [(m, organisations[m.organisation_id], explain_for_consortium(m)) for m in matches]
