"""Test data of the review: experts with profiles, and proposals moved to a given status."""

from __future__ import annotations

import itertools

from portal.extensions import db
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action
from portal.reference.models import TechnologyField
from portal.review.models import ExpertAffiliation, ExpertProfile
from tests.factories import make_proposal, make_user

_counter = itertools.count(1)
STATES = {"AM": "AM-ER", "BY": "BY-VI", "KZ": "KZ-35", "KG": "KG-C", "RU": "RU-SMO"}


def make_expert(state: str = "KZ", fields=("pharmaceuticals_biotech_medical",), affiliations=(),
                email: str | None = None, language: str = "en", roles=()):
    user = make_user("expert", *roles, email=email or f"expert{next(_counter)}@example.org",
                     language=language)
    profile = ExpertProfile(user_id=user.id, state_code=state, expertise="Biotech",
                            technology_fields=[db.session.get(TechnologyField, key)
                                               for key in fields])
    db.session.add(profile)
    db.session.flush()
    for organisation in affiliations:
        db.session.add(ExpertAffiliation(user_id=user.id, organisation_id=organisation.id))
    db.session.flush()
    return user


def make_panel_pool():
    """Five experts from four states: enough for a panel of three from at least two states."""
    return [make_expert("KZ"), make_expert("KZ"), make_expert("AM"), make_expert("KG"),
            make_expert("AM")]


def eligible_proposal(**fields):
    """A proposal submitted by its creator and marked eligible by the worker."""
    proposal = make_proposal(**fields)
    apply_transition(proposal, Action.SUBMIT, proposal.created_by)
    apply_transition(proposal, Action.MARK_ELIGIBLE, None)
    return proposal


def partner_states(proposal) -> set[str]:
    return {partner.organisation.state_code for partner in proposal.partners}

