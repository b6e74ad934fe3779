"""Drafting, editing, confirming, endorsing, submitting and withdrawing a proposal.

Each service checks who may act and in which status, changes state, audits, queues its
e-mails and tasks, and flushes; the caller commits once. The status itself changes only through
:func:`portal.proposals.transitions.apply_transition`. Editing is possible only in the
``EDITABLE`` statuses, against the version the editor started from (a stale version is a 409).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.roles import Role
from portal.calls.models import Call
from portal.core import audit, limits
from portal.core.db import utcnow
from portal.core.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
    raise_refusal,
)
from portal.extensions import db
from portal.proposals import facts, permissions
from portal.proposals.content import Content, check_content, convert_budget, write_content
from portal.proposals.eligibility_messages import describe
from portal.proposals.hooks import readers, taken_elsewhere
from portal.proposals.labels import OWN_STEP_REFUSALS
from portal.proposals.models import (
    Proposal,
    ProposalPartner,
    ProposalSnapshot,
)
from portal.proposals.requests import request_new_partners
from portal.proposals.snapshots import proposal_content
from portal.proposals.transitions import apply_transition, check_transition
from portal.proposals.workflow import EDITABLE, OWN_STEP, Action
from portal.registry.models import Organisation
from portal.registry.permissions import is_organisation_member

#: What a proposal's page and its JSON show (its call, partners with their organisations and
#: budget lines, indicators, milestones, attachments, background IP), loaded in a fixed number
#: of statements however many partners and lines it has.
WHOLE = (joinedload(Proposal.call),
         selectinload(Proposal.partners).selectinload(ProposalPartner.budget),
         selectinload(Proposal.indicators), selectinload(Proposal.milestones),
         selectinload(Proposal.attachments), selectinload(Proposal.background_ip))


def get_proposal(proposal_id: int, user) -> Proposal:
    """The proposal (:data:`WHOLE`), or 404 when it does not exist or ``user`` may not know of
    it."""
    proposal = (db.session.get(Proposal, proposal_id, options=WHOLE)
                if isinstance(proposal_id, int) else None)
    if proposal is None or not permissions.can_view(user, proposal):
        raise NotFound(_("There is nothing here."))
    return proposal


def visible_proposals(user) -> Select:
    """The proposals ``user`` created, leads or is a partner in, or reads as a registered reader
    (the council: those on an agenda); every one for the staff."""
    query = select(Proposal).order_by(Proposal.id.desc())
    if user.has_role(Role.SECRETARIAT) or user.has_role(Role.ADMIN):
        return query
    organisations = [int(s) for s in user.scopes(Role.ORG_ADMIN) | user.scopes(Role.ORG_MEMBER)]
    states = list(user.scopes(Role.CONTACT_POINT))
    partner_of = select(ProposalPartner.proposal_id).where(
        ProposalPartner.organisation_id.in_(organisations))
    in_states = (select(ProposalPartner.proposal_id).join(ProposalPartner.organisation)
                 .where(Organisation.state_code.in_(states)))
    read = [Proposal.id.in_(reader.readable_ids(user)) for reader in readers()
            if reader.may_read(user)]
    return query.where(or_(Proposal.created_by_id == user.id,
                           Proposal.lead_organisation_id.in_(organisations),
                           Proposal.id.in_(partner_of), Proposal.id.in_(in_states), *read))


def _refresh_classification(proposal: Proposal) -> None:
    proposal.classification = str(facts.classification(proposal).classification)


def _check_lead(content: Content, actor) -> None:
    """The lead is an organisation the actor acts for (:func:`permissions.may_lead`): its
    members become the proposal's applicants."""
    lead = db.session.get(Organisation, content.scalars["lead_organisation_id"])
    if not permissions.may_lead(actor, lead):
        message = _("Choose an organisation you act for as the lead: one you are a member of, "
                    "or one of a cluster you manage.")
        raise ValidationError(message, {"lead_organisation_id": [message]})


def create_proposal(values: dict, actor) -> Proposal:
    """A draft proposal to an open call, led by one of the partners; each partner is asked to
    confirm and, where the call wants it, its contact point to endorse."""
    if not permissions.may_create_proposals(actor):
        raise PermissionDenied(_("Only cluster managers and the secretariat prepare proposals."))
    return draft_proposal(values, actor)


def draft_proposal(values: dict, actor, interest_id: int | None = None) -> Proposal:
    """The draft of :func:`create_proposal` for an ``actor`` whose right to prepare it the caller
    has checked (a proposal started from an accepted expression of interest, whose id it keeps:
    :mod:`portal.proposals.joint`). The call, the content and the partners are checked here."""
    call_id = values.get("call_id")
    call = db.session.get(Call, call_id) if limits.is_id(call_id) else None
    now = utcnow()
    content = check_content(values, creating=True)
    _check_lead(content, actor)
    if call is None:
        raise ValidationError(_("Some values are not valid."), {"call_id": [_("No such call.")]})
    if now >= call.closes_at:
        message = _("The call is closed.")
        raise ValidationError(message, {"call_id": [message]})
    proposal = Proposal(call=call, created_by_id=actor.id, interest_id=interest_id,
                        language=values.get("language")
                        if values.get("language") in ("ru", "en") else actor.language)
    with db.session.no_autoflush:
        added = write_content(proposal, content, now.date())
        _refresh_classification(proposal)
    db.session.add(proposal)
    db.session.flush()
    origin = {"interest": f"interest:{interest_id}"} if interest_id is not None else {}
    audit.record("proposal.create", actor, f"proposal:{proposal.id}", call=f"call:{call.id}",
                 **origin)
    request_new_partners(added, actor, now)
    return proposal


def update_proposal(proposal_id: int, values: dict, version, actor) -> Proposal:
    """Change a draft (or returned) proposal; ``version`` is the one the editor started from."""
    proposal = get_proposal(proposal_id, actor)
    if not permissions.is_applicant(actor, proposal):
        raise PermissionDenied(_("Only the applicants may change the proposal."))
    if proposal.status not in EDITABLE:
        raise ConflictError(_("The proposal can no longer be changed: it has been submitted."))
    if not isinstance(version, int) or isinstance(version, bool):
        message = _("Send the version of the proposal you are changing.")
        raise ValidationError(message, {"version": [message]})
    if version != proposal.version:
        raise ConflictError(_(
            "Someone else changed this proposal while you were editing it (you started from "
            "version %(yours)d; it is now version %(current)d). Nothing of yours was saved: "
            "open the current version, apply your changes again and save.",
            yours=version, current=proposal.version))
    now = utcnow()
    content = check_content(values, creating=False, proposal=proposal)
    if content.scalars.get("lead_organisation_id", proposal.lead_organisation_id) != (
            proposal.lead_organisation_id):
        _check_lead(content, actor)
    with db.session.no_autoflush:
        added = write_content(proposal, content, now.date())
        proposal.updated_at = now
        _refresh_classification(proposal)
    db.session.flush()
    audit.record("proposal.update", actor, f"proposal:{proposal.id}",
                 fields=sorted(set(values) - {"version"}))
    request_new_partners(added, actor, now)
    return proposal


def add_partner(proposal_id: int, organisation_id, version, actor) -> Proposal:
    """Add one organisation to the consortium (a suggested partner, say): the same change as
    saving the editor with one more partner row, every other partner kept as it is."""
    proposal = get_proposal(proposal_id, actor)
    partners = [{"organisation_id": p.organisation_id, "cofinancing_rate": p.cofinancing_rate,
                 "budget": [{"category": line.category, "amount": line.amount,
                             "currency": line.currency} for line in p.budget]}
                for p in proposal.partners]
    partners.append({"organisation_id": organisation_id, "cofinancing_rate": 0, "budget": []})
    return update_proposal(proposal_id, {"partners": partners}, version, actor)


def _partner(proposal: Proposal, organisation_id: int) -> ProposalPartner:
    partner = next((p for p in proposal.partners if p.organisation_id == organisation_id), None)
    if partner is None:
        raise NotFound(_("This organisation is not a partner of the proposal."))
    return partner


def _still_open(proposal: Proposal) -> None:
    if proposal.status not in EDITABLE:
        raise ConflictError(_("Partners confirm and are endorsed before the proposal is "
                              "submitted."))


def confirm_partner(proposal_id: int, organisation_id: int, actor) -> ProposalPartner:
    """A member of the partner organisation confirms its participation."""
    proposal = get_proposal(proposal_id, actor)
    partner = _partner(proposal, organisation_id)
    if not is_organisation_member(actor, partner.organisation):
        raise PermissionDenied(_("Only a member of the organisation may confirm its "
                                 "participation."))
    _still_open(proposal)
    if partner.confirmed_at is None:
        partner.confirmed_at, partner.confirmed_by_id = utcnow(), actor.id
        audit.record("proposal.partner_confirm", actor, f"proposal:{proposal.id}",
                     organisation=f"organisation:{organisation_id}")
        db.session.flush()
    return partner


def endorse_partner(proposal_id: int, organisation_id: int, actor) -> ProposalPartner:
    """The national contact point of the partner's state, or the national co-funder of that
    state in the proposal's call, endorses it. A co-funder who may not read the whole proposal
    knows only the partners of its states: any other is a 404."""
    proposal = (db.session.get(Proposal, proposal_id, options=WHOLE)
                if isinstance(proposal_id, int) else None)
    if proposal is None:
        raise NotFound(_("There is nothing here."))
    readable = permissions.can_view(actor, proposal)
    if not readable and not permissions.co_funds(actor, proposal):
        raise NotFound(_("There is nothing here."))
    partner = _partner(proposal, organisation_id)
    if not readable and not permissions.is_co_funder_for(actor, partner):
        raise NotFound(_("This organisation is not a partner of the proposal."))
    if not permissions.may_endorse_partner(actor, partner):
        raise PermissionDenied(_("Only the contact point of the partner's state or its "
                                 "national co-funder may endorse it."))
    _still_open(proposal)
    if partner.endorsed_at is None:
        partner.endorsed_at, partner.endorsed_by_id = utcnow(), actor.id
        audit.record("proposal.partner_endorse", actor, f"proposal:{proposal.id}",
                     organisation=f"organisation:{organisation_id}")
        db.session.flush()
    return partner


def refusal_to_submit(proposal: Proposal, actor, now: datetime) -> ValidationError | None:
    """Why ``actor`` may not submit ``proposal`` now, as the error to raise: 403 or 409 as the
    workflow table says (raised at once), or 422 with every reason of the eligibility preview
    (the budget converted at the rates in force today); ``None`` when it may."""
    check_transition(proposal, Action.SUBMIT, actor, now=now)
    reasons = facts.preview(proposal, now)
    if not reasons:
        return None
    return ValidationError(
        _("The proposal would not be eligible: put right what the check lists, then submit."),
        reasons=[{"code": r.code, "message": describe(r), "params": dict(r.params)}
                 for r in reasons])


def submit_proposal(proposal_id: int, actor, now: datetime | None = None, *,
                    preview: bool = True) -> Proposal:
    """Submit: the budget is converted again at the rates in force today, the status moves
    through the table, a numbered snapshot of the whole content is frozen, and the worker is
    asked to check eligibility once this commits (the transition's next task); the worker's
    check stays, since partners, rates and calls change between submission and screening.

    A proposal whose eligibility preview fails is refused with every reason (422) and nothing
    changes. ``preview=False`` skips that check, for a loader that replays a submission made
    without it (the demo's national proposal, which shows the worker's refusal)."""
    now = now or utcnow()
    proposal = get_proposal(proposal_id, actor)
    if preview:
        raise_refusal(refusal_to_submit(proposal, actor, now))
    with db.session.no_autoflush:
        convert_budget(proposal, now.date())
    apply_transition(proposal, Action.SUBMIT, actor, now=now)
    proposal.snapshot_number += 1
    proposal.submitted_at = now
    proposal.eligibility_passed, proposal.eligibility_reasons = None, []
    proposal.eligibility_checked_at = None
    db.session.add(ProposalSnapshot(proposal_id=proposal.id, number=proposal.snapshot_number,
                                    taken_at=now, taken_by_id=actor.id,
                                    content=proposal_content(proposal)))
    db.session.flush()
    return proposal


def withdraw_proposal(proposal_id: int, actor, note: str = "") -> Proposal:
    proposal = get_proposal(proposal_id, actor)
    apply_transition(proposal, Action.WITHDRAW, actor, note=note)
    return proposal


def take_action(proposal_id: int, action: str, actor, note: str = "") -> Proposal:
    """Take a row of the workflow table on the proposal's page or through the API: submitting
    and withdrawing through their services, any other row through
    :func:`~portal.proposals.transitions.apply_transition`, which checks the actor is one of
    its parties (403) and that the status and guards allow it (409). An action that is no row
    of the table is unknown (404); one a feature above takes on its own page (locking the
    report, putting on an agenda, reconsideration) is refused here (409), and so is a row of
    :data:`~portal.proposals.workflow.OWN_STEP` (the agreement, completion)."""
    if action not in set(Action):
        raise NotFound(_("There is no such action."))
    proposal = get_proposal(proposal_id, actor)
    if action == Action.SUBMIT:
        return submit_proposal(proposal.id, actor)
    if action == Action.WITHDRAW:
        return withdraw_proposal(proposal.id, actor, note=note)
    if action in OWN_STEP:
        raise ConflictError(str(OWN_STEP_REFUSALS[Action(action)])
                            % {"path": f"/api/v1/proposals/{proposal.id}/agreement"})
    if taken_elsewhere(action) is not None:
        raise ConflictError(_("This action is taken on its own page, not here."))
    apply_transition(proposal, Action(action), actor, note=note)
    return proposal


def snapshots(proposal: Proposal) -> list[ProposalSnapshot]:
    return list(db.session.scalars(select(ProposalSnapshot).where(
        ProposalSnapshot.proposal_id == proposal.id).order_by(ProposalSnapshot.number)))

