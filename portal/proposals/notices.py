"""Telling the applicants that the secretariat returned their proposal for clarification, by
the worker's sweep: each status change to ``returned_to_applicant`` in the last
:data:`LOOKBACK` is mailed to the proposal's creator and the lead organisation's members, each
once, in their language (:func:`portal.notifications.services.mail_once` keeps a key per
recipient and change, so a repeated sweep tells nobody twice)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.notifications.services import mail_once
from portal.proposals.models import Proposal, StatusChange
from portal.proposals.requests import organisation_members, proposal_link
from portal.proposals.workflow import ProposalStatus

#: How far back the sweep looks for returns.
LOOKBACK = timedelta(days=3)


def applicants(proposal: Proposal) -> list[User]:
    """The proposal's creator and the members of its lead organisation, by id."""
    people = {user.id: user for user in organisation_members(proposal.lead_organisation_id)}
    people.setdefault(proposal.created_by_id, proposal.created_by)
    return [people[user_id] for user_id in sorted(people)]


def tell_returned(now: datetime) -> int:
    """Mail the applicants of each proposal returned to them in the last :data:`LOOKBACK`,
    with the secretariat's note; returns how many messages were written."""
    changes = list(db.session.execute(
        select(StatusChange, Proposal).join(Proposal, Proposal.id == StatusChange.proposal_id)
        .where(StatusChange.to_status == ProposalStatus.RETURNED_TO_APPLICANT,
               StatusChange.at > now - LOOKBACK).order_by(StatusChange.id)).all())
    sent = 0
    for change, proposal in changes:
        link = proposal_link(proposal)
        for user in applicants(proposal):
            sent += mail_once(user, f"proposal.returned:{change.id}", "proposal_returned", now,
                              proposal=proposal, note=change.note, link=link)
    return sent
