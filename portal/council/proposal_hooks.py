"""The council's part in a proposal's workflow, registered with :mod:`portal.proposals.hooks`.

A decision may be reconsidered only while its objection window is open, and its conditions met
or its agreement signed only once it is in force; a proposal's page and JSON show its latest
decision. The council reads what it votes on: its members and alternates of every state read
a whole proposal once it is on the agenda of a vote session (any session, open or closed). A
proposal is put on an agenda by creating a vote session, and reconsideration is asked for on
the decision's page: those two rows of the table are taken there, never as bare buttons.
"""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from portal.council.models import AgendaItem, Decision
from portal.council.permissions import is_council
from portal.council.serialise import iso
from portal.extensions import db
from portal.proposals.hooks import (
    Reader,
    register_action_elsewhere,
    register_guard,
    register_reader,
    register_summary,
)
from portal.proposals.models import Proposal
from portal.proposals.workflow import Action, Guard


def latest_decision(proposal: Proposal) -> Decision | None:
    return db.session.scalar(select(Decision).where(Decision.proposal_id == proposal.id)
                             .order_by(Decision.decided_at.desc(), Decision.id.desc()).limit(1))


def _objection_window_open(proposal: Proposal, note: str, now: datetime):
    decision = latest_decision(proposal)
    if decision is None or decision.entered_into_force_at or now >= decision.objection_until:
        return _l("The objection window of this decision has closed.")


def _decision_in_force(proposal: Proposal, note: str, now: datetime):
    decision = latest_decision(proposal)
    if decision is None or decision.entered_into_force_at is None:
        return _l("The decision has not entered into force yet.")


def decision_summary(proposal: Proposal) -> dict | None:
    """The latest decision on the proposal, or ``None`` before the council has decided."""
    return _summary(latest_decision(proposal))


def decision_summaries(proposals: list[Proposal]) -> dict[int, dict | None]:
    """:func:`decision_summary` of each of ``proposals``, by id, in one statement."""
    latest: dict[int, Decision] = {}
    if proposals:
        for decision in db.session.scalars(
                select(Decision).where(Decision.proposal_id.in_([p.id for p in proposals]))
                .order_by(Decision.decided_at.desc(), Decision.id.desc())):
            latest.setdefault(decision.proposal_id, decision)
    return {proposal.id: _summary(latest.get(proposal.id)) for proposal in proposals}


def _summary(decision: Decision | None) -> dict | None:
    if decision is None:
        return None
    return {"number": decision.number, "outcome": decision.outcome,
            "decided_at": iso(decision.decided_at),
            "enters_into_force_at": iso(decision.entered_into_force_at
                                        or decision.objection_until)}


def on_an_agenda(proposal: Proposal) -> bool:
    """Whether some vote session, open or closed, has the proposal as an item."""
    return db.session.scalar(select(AgendaItem.id).where(
        AgendaItem.proposal_id == proposal.id).limit(1)) is not None


def reads_as_council(user, proposal: Proposal) -> bool:
    """A council member or alternate of any state reads what the council votes on."""
    return is_council(user) and on_an_agenda(proposal)


def agenda_proposal_ids(user) -> Select:
    return select(AgendaItem.proposal_id)


def _agenda_page(proposal: Proposal) -> str | None:
    return url_for("council.new_session")


def _decision_page(proposal: Proposal) -> str | None:
    decision = latest_decision(proposal)
    return url_for("council.decision", decision_id=decision.id) if decision else None


def register(app) -> None:
    register_reader(app, Reader(may_read=is_council, reads=reads_as_council,
                                readable_ids=agenda_proposal_ids))
    register_action_elsewhere(app, Action.PUT_ON_AGENDA, _agenda_page)
    register_action_elsewhere(app, Action.RECONSIDER, _decision_page)
    register_guard(app, Guard.OBJECTION_WINDOW_OPEN, _objection_window_open)
    register_guard(app, Guard.DECISION_IN_FORCE, _decision_in_force)
    register_summary(app, "decision", decision_summary, decision_summaries)
