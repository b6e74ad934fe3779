"""The council pages: vote sessions for the council and the secretariat, and the public register
of decisions. Each view checks who may act before it loads anything, calls one service,
commits once."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from portal.accounts.forms import ConfirmForm
from portal.accounts.view_support import show_field_errors
from portal.core.errors import PortalError
from portal.core.permissions import page_requires
from portal.core.timezones import from_local, reader_zone
from portal.council import decisions, permissions, services
from portal.council.commitments import co_funder_names, commitments_json
from portal.council.forms import BallotForm, ReasonForm, SessionForm
from portal.council.funding import funding_of
from portal.council.labels import (
    CHOICE_NAMES,
    KIND_NAMES,
    OUTCOME_NAMES,
    RULE_NAMES,
    SESSION_STATUS_NAMES,
)
from portal.council.models import Decision, VoteSession
from portal.council.seats import can_recuse, can_vote, seat_of, voting_seat
from portal.council.serialise import enters_into_force_at, item_ballots
from portal.extensions import db
from portal.proposals.models import Proposal
from portal.proposals.workflow import ProposalStatus
from portal.review.models import ConsensusReport

bp = Blueprint("council", __name__)
#: Decisions a page of the register shows.
REGISTER_PER_PAGE = 50
sees_sessions = page_requires(permissions.can_view_sessions)
manages_sessions = page_requires(permissions.can_manage_sessions)
is_council = page_requires(permissions.is_council)


@bp.app_template_global()
def outcome_name(outcome: str | None) -> str:
    return str(OUTCOME_NAMES.get(outcome, outcome or ""))


@bp.app_template_global()
def ballot_choice_name(choice: str | None) -> str:
    return str(CHOICE_NAMES.get(choice, "")) if choice else _("did not vote")


@bp.app_template_global()
def session_kind_name(kind: str) -> str:
    return str(KIND_NAMES.get(kind, kind))


@bp.app_template_global()
def session_status_name(status: str) -> str:
    return str(SESSION_STATUS_NAMES.get(status, status))


@bp.app_template_global()
def decision_rule_name(rule: str) -> str:
    return str(RULE_NAMES.get(rule, rule))


def _user():
    return current_user._get_current_object()


@bp.get("/council/sessions")
@sees_sessions
def sessions():
    rows = db.session.scalars(select(VoteSession)
                              .order_by(VoteSession.opens_at.desc(), VoteSession.id.desc()))
    return render_template("council/sessions.html", sessions=list(rows),
                           can_manage=permissions.can_manage_sessions(_user()))


def _ready_proposals() -> list[Proposal]:
    return list(db.session.scalars(select(Proposal).where(
        Proposal.status == ProposalStatus.READY_FOR_COUNCIL).order_by(Proposal.id)))


@bp.route("/council/sessions/new", methods=["GET", "POST"])
@manages_sessions
def new_session():
    form = SessionForm()
    choices = [SelectChoice(proposal.id, f"{proposal.acronym}: {proposal.title}")
               for proposal in _ready_proposals()]
    form.proposals.choices = choices
    form.sensitive.choices = choices
    zone = reader_zone()
    form.in_zone(zone)
    if form.validate_on_submit():
        sensitive = set(form.sensitive.data or [])
        values = {"title": form.title.data, "kind": form.kind.data,
                  "opens_at": from_local(form.opens_at.data, zone),
                  "closes_at": from_local(form.closes_at.data, zone),
                  "seats_per_state": form.seats_per_state.data,
                  "items": [{"proposal_id": proposal_id, "sensitive": proposal_id in sensitive}
                            for proposal_id in form.proposals.data or []]}
        try:
            session = services.create_vote_session(values, _user())
        except PortalError as error:
            db.session.rollback()
            show_field_errors(form, error, {"items": "proposals"})
        else:
            db.session.commit()
            flash(_("The vote session is created; its proposals are on the agenda."), "success")
            return redirect(url_for("council.session", session_id=session.id))
    return render_template("council/new_session.html", form=form, has_proposals=bool(choices))


@bp.get("/council/sessions/<int:session_id>")
@sees_sessions
def session(session_id: int):
    user = _user()
    vote_session = services.get_session(session_id, user)
    rows, own = services.agenda_rows(vote_session), seat_of(user)
    locked = set(db.session.scalars(select(ConsensusReport.proposal_id).where(
        ConsensusReport.proposal_id.in_([item.proposal_id for item in vote_session.items]),
        ConsensusReport.locked_at.is_not(None))))
    items = []
    for item in vote_session.items:
        recusals = rows.recusals[item.id]
        items.append({
            "item": item, "proposal": rows.proposals[item.proposal_id],
            "report_locked": item.proposal_id in locked,
            "seat": voting_seat(item, user, own, recusals),
            **item_ballots(item, user, rows.ballots[item.id]),
            "ballot_form": BallotForm(prefix=f"item{item.id}"),
            "recuse_form": ReasonForm(prefix=f"recuse{item.id}"),
            "can_vote": can_vote(user, item, own, recusals),
            "can_recuse": can_recuse(user, item, own, recusals),
        })
    return render_template("council/session.html", session=vote_session, items=items,
                           can_close=permissions.can_close_session(user, vote_session),
                           confirm=ConfirmForm())


def _back(session_id: int):
    return redirect(url_for("council.session", session_id=session_id))


@bp.post("/council/sessions/<int:session_id>/items/<int:item_id>/ballot")
@is_council
def cast_ballot(session_id: int, item_id: int):
    form = BallotForm(prefix=f"item{item_id}")
    if not form.validate_on_submit():
        flash(_("Choose for, against or abstain."), "error")
        return _back(session_id)
    try:
        services.cast_ballot(item_id, _user(), form.choice.data, session_id=session_id)
    except PortalError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Your ballot is cast. You may change it until the session closes."), "success")
    return _back(session_id)


@bp.post("/council/sessions/<int:session_id>/items/<int:item_id>/recuse")
@is_council
def recuse(session_id: int, item_id: int):
    form = ReasonForm(prefix=f"recuse{item_id}")
    if not form.validate_on_submit():
        flash(_("Give a reason: it is kept in the record."), "error")
        return _back(session_id)
    try:
        services.recuse(item_id, _user(), form.reason.data, session_id=session_id)
    except PortalError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("You have recused yourself; your state's alternate may now vote."), "success")
    return _back(session_id)


@bp.get("/council/sessions/<int:session_id>/close")
@manages_sessions
def check_close(session_id: int):
    """The "check your answers" page before the close, which cannot be undone: each item with
    the seats that have voted and those that have not; the button that closes under it."""
    user = _user()
    vote_session = services.get_session(session_id, user)
    if not permissions.can_close_session(user, vote_session):
        return _back(session_id)
    rows = services.agenda_rows(vote_session)
    items = [{"item": item, "proposal": rows.proposals[item.proposal_id],
              **item_ballots(item, user, rows.ballots[item.id])} for item in vote_session.items]
    return render_template("council/close.html", session=vote_session, items=items,
                           confirm=ConfirmForm())


@bp.post("/council/sessions/<int:session_id>/close")
@manages_sessions
def close_session(session_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.close_session(session_id, _user())
    except PortalError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The session is closing; the votes are being counted."), "success")
    return _back(session_id)


@bp.get("/decisions")
def register():
    page = db.paginate(select(Decision).order_by(Decision.decided_at.desc(), Decision.id.desc()),
                       page=max(1, request.args.get("page", 1, type=int)),
                       per_page=REGISTER_PER_PAGE, error_out=False)
    return render_template("council/decisions.html", decisions=page,
                           in_force=enters_into_force_at,
                           funding=funding_of(decision.id for decision in page.items))


@bp.get("/decisions/<int:decision_id>")
def decision(decision_id: int):
    found = decisions.get_decision(decision_id)
    user = _user()
    return render_template("council/decision.html", decision=found,
                           commitments=commitments_json(found, co_funder_names([found])),
                           proposal=db.session.get(Proposal, found.proposal_id),
                           in_force=enters_into_force_at(found),
                           funding=funding_of([found.id]).get(found.id),
                           may_reconsider=permissions.can_request_reconsideration_of(user, found),
                           form=ReasonForm())


@bp.post("/decisions/<int:decision_id>/reconsideration")
@is_council
def reconsider(decision_id: int):
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give a reason: it is kept in the record."), "error")
    else:
        try:
            decisions.request_reconsideration(decision_id, _user(), form.reason.data)
        except PortalError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Reconsideration is asked for: the proposal goes to the next session."),
                  "success")
    return redirect(url_for("council.decision", decision_id=decision_id))
