"""The review's part in a proposal's workflow, registered with :mod:`portal.proposals.hooks`.

The workflow table waits for the reviews to be in and for the consensus report before a
proposal moves on; the designated rapporteur acts on it as a party; and the proposal's experts
are named in its history only to those who may know reviewers (DESIGN 4.5). A proposal's page
shows the staff its expert panel (who was asked, who answered, what is due or overdue) and a
link to the report page, and every reader of the locked report a link to it. The report is
locked by writing it (:func:`portal.review.services.write_consensus_report`), never by a bare
button.
"""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.core.db import utcnow
from portal.extensions import db
from portal.proposals.hooks import (
    register_action_elsewhere,
    register_guard,
    register_page_section,
    register_party,
    register_sealed_actors,
)
from portal.proposals.models import Proposal
from portal.proposals.workflow import Action, Guard, Party
from portal.review import permissions
from portal.review.labels import PANEL_STATUS_NAMES
from portal.review.models import OPEN_ASSIGNMENT, Assignment, AssignmentStatus, ConsensusReport


def reviews_in(proposal: Proposal) -> bool:
    """Every expert still on the panel has submitted, and at least one review is in."""
    counts = dict(db.session.execute(
        select(Assignment.status, func.count()).where(Assignment.proposal_id == proposal.id)
        .group_by(Assignment.status)).all())
    waiting = sum(counts.get(status, 0) for status in OPEN_ASSIGNMENT)
    return not waiting and bool(counts.get(AssignmentStatus.SUBMITTED))


def _reviews_in(proposal: Proposal, note: str, now: datetime):
    if not reviews_in(proposal):
        return _l("Reviews are still outstanding.")


def _report_written(proposal: Proposal, note: str, now: datetime):
    if db.session.scalar(select(ConsensusReport.id)
                         .where(ConsensusReport.proposal_id == proposal.id)) is None:
        return _l("The consensus report has not been written yet.")


def is_designated_rapporteur(user, proposal: Proposal) -> bool:
    """The workflow's rapporteur: the expert designated on the proposal, whatever their
    assignment's status (the workflow only asks who was designated)."""
    return db.session.scalar(
        select(Assignment.id).where(Assignment.proposal_id == proposal.id,
                                    Assignment.expert_id == user.id, Assignment.rapporteur)
    ) is not None


def experts_of(proposal: Proposal) -> set[int]:
    """Every expert ever assigned to the proposal: their names are sealed in its history."""
    return set(db.session.scalars(select(Assignment.expert_id).where(
        Assignment.proposal_id == proposal.id)))


def _panel(proposal: Proposal) -> list[dict]:
    now = utcnow()
    assignments = db.session.scalars(
        select(Assignment).where(Assignment.proposal_id == proposal.id)
        .order_by(Assignment.assigned_at, Assignment.id))
    return [{"expert": assignment.expert.name, "status": assignment.status,
             "status_name": PANEL_STATUS_NAMES.get(assignment.status, assignment.status),
             "due_at": assignment.due_at, "rapporteur": assignment.rapporteur,
             "late": assignment.status in OPEN_ASSIGNMENT and assignment.due_at < now}
            for assignment in assignments]


def proposal_section(user, proposal: Proposal):
    """The review on a proposal's page: the panel for the staff (experts by name), and a link
    to the report page for those who write it, to the locked report for its other readers."""
    report = db.session.scalar(select(ConsensusReport)
                               .where(ConsensusReport.proposal_id == proposal.id))
    panel = _panel(proposal) if permissions.can_see_identities(user, proposal) else None
    if permissions.writes_reports_of(user, proposal) and (panel or report is not None):
        report_url = url_for("review.consensus_report", proposal_id=proposal.id)
    elif permissions.can_see_report(user, proposal, report):
        report_url = url_for("review.consolidated_report", proposal_id=proposal.id)
    else:
        report_url = None
    if not panel and report_url is None:
        return None
    return "review/_proposal_section.html", {"panel": panel, "report": report,
                                             "report_url": report_url}


def _report_page(proposal: Proposal) -> str | None:
    return url_for("review.consensus_report", proposal_id=proposal.id)


def register(app) -> None:
    register_page_section(app, proposal_section)
    register_action_elsewhere(app, Action.LOCK_REPORT, _report_page)
    register_guard(app, Guard.REVIEWS_IN, _reviews_in)
    register_guard(app, Guard.REPORT_WRITTEN, _report_written)
    register_party(app, Party.RAPPORTEUR, is_designated_rapporteur)
    register_sealed_actors(app, experts_of)
