"""A joint proposal started from an accepted expression of interest (DESIGN 4.7): a draft to an
open call, led by the starter's organisation, with the other side of the interest as partner.

Who may: a member (org_admin, org_member) of either organisation once the ad's owner has
accepted the interest (:func:`portal.partnering.permissions.can_start_joint_proposal`); anyone
else does not learn of the interest (404). The draft is made by
:func:`portal.proposals.services.draft_proposal`, so it is checked like a proposal prepared on
the call's page (the call exists and has not closed, both organisations are published) and the
partner is asked to confirm as usual. The call must be open now, as the list of calls offered
on the interest's page.

Starting twice opens the first draft. Someone who presses the button again (a double click,
the back button, a colleague of the same organisation a day later) expects the proposal their
organisation already started, not a second one to reconcile or delete; a refusal would only
send them looking for it. So a live proposal from the same interest, with the same lead, to the
same call is returned as it is (``created`` is False: the page says so, the API answers 200
rather than 201). A proposal to another call is another proposal; a withdrawn one no longer
counts. The database keeps the rule too (a partial unique index), so two simultaneous clicks
end on the same draft.
"""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.calls.models import Call
from portal.core.db import utcnow
from portal.core.errors import ConflictError, ValidationError
from portal.extensions import db
from portal.partnering import permissions as partnering_permissions
from portal.partnering.models import ExpressionOfInterest
from portal.partnering.services import visible_interest
from portal.proposals import permissions
from portal.proposals.models import Proposal
from portal.proposals.services import draft_proposal
from portal.proposals.workflow import ProposalStatus
from portal.registry.models import Organisation

ACRONYM_PART = 12


def _initials(name: str) -> str:
    """``Vitebsk Sterilisation Centre`` → ``VSC``; a placeholder the applicants will change."""
    letters = "".join(word[0] for word in re.findall(r"\w+", name) if word[0].isalpha())
    return letters.upper()[:ACRONYM_PART] or "X"


def _live_proposal(interest_id: int, lead_id: int, call_id: int) -> Proposal | None:
    return db.session.scalar(select(Proposal).where(
        Proposal.interest_id == interest_id, Proposal.lead_organisation_id == lead_id,
        Proposal.call_id == call_id, Proposal.status != ProposalStatus.WITHDRAWN))


def _open_call(call_id, now: datetime) -> Call:
    call = (db.session.get(Call, call_id)
            if isinstance(call_id, int) and not isinstance(call_id, bool) else None)
    if call is None or not call.is_open(now):
        message = _("Choose a call that is open for proposals.")
        raise ValidationError(message, {"call_id": [message]})
    return call


def _draft_values(interest: ExpressionOfInterest, lead_id: int, call: Call) -> dict:
    partner_id = ({interest.organisation_id, interest.ad.organisation_id} - {lead_id}).pop()
    lead, partner = (db.session.get(Organisation, i) for i in (lead_id, partner_id))
    return {"call_id": call.id, "title": interest.ad.title,
            "acronym": f"{_initials(lead.name)}-{_initials(partner.name)}",
            "technology_fields": [field.key for field in interest.ad.technology_fields],
            "lead_organisation_id": lead_id,
            "partners": [{"organisation_id": lead_id}, {"organisation_id": partner_id}]}


def start_joint_proposal(interest_id: int, call_id, actor,
                         now: datetime | None = None) -> tuple[Proposal, bool]:
    """The draft proposal to ``call_id`` from the accepted interest, led by the actor's side of
    it with the other side as partner, and whether it was made now (``False``: the live draft
    made before, see the module's docstring). The title and technology fields come from the ad;
    the acronym is made of the two organisations' initials, for the applicants to change."""
    now = now or utcnow()
    interest = visible_interest(interest_id, actor)
    if not partnering_permissions.can_start_joint_proposal(actor, interest):
        raise ConflictError(_("A joint proposal can be started only from an accepted "
                              "expression of interest."))
    lead_id = partnering_permissions.joint_proposal_lead(actor, interest)
    call = _open_call(call_id, now)
    existing = _live_proposal(interest.id, lead_id, call.id)
    if existing is not None:
        return existing, False
    try:
        with db.session.begin_nested():
            proposal = draft_proposal(_draft_values(interest, lead_id, call), actor,
                                      interest_id=interest.id)
    except IntegrityError:
        existing = _live_proposal(interest.id, lead_id, call.id)
        if existing is None:
            raise
        return existing, False
    except ValidationError as error:
        if any(name.startswith(("partners.", "lead_organisation_id")) for name in error.fields):
            raise ValidationError(_("Both organisations need a published profile to take part "
                                    "in a proposal."), error.fields) from error
        raise
    return proposal, True


def proposals_from_interest(interest: ExpressionOfInterest, user) -> list[Proposal]:
    """The proposals started from ``interest`` that ``user`` may see, the latest first."""
    proposals = db.session.scalars(select(Proposal).where(Proposal.interest_id == interest.id)
                                   .order_by(Proposal.id.desc()))
    return [proposal for proposal in proposals if permissions.can_view(user, proposal)]
