"""Vote sessions and decisions as JSON, shaped by what the reader may see: before the close a
council member sees only their own state's ballots, the secretariat sees who has voted but not
how; once the session is closed every reader of it sees every seat's ballot."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.council import permissions
from portal.council.commitments import co_funder_names, commitments_json
from portal.council.funding import Funding, funding_of
from portal.council.models import AgendaItem, Decision, SessionStatus, VoteSession
from portal.council.seats import member_states
from portal.council.services import AgendaRows, agenda_rows, counted_ballots, recusals
from portal.council.tally import seats_for


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def item_ballots(item: AgendaItem, user, counted_rows: list | None = None) -> dict:
    """``ballots`` (the choices the reader may see) and, for the secretariat before the close,
    ``voted`` (the seats that have voted); from ``counted_rows`` (the item's counted ballots,
    :func:`portal.council.services.agenda_rows`) when given."""
    closed = item.session.status == SessionStatus.CLOSED
    if counted_rows is None:
        counted_rows = counted_ballots(item)
    counted = {(ballot.state_code, ballot.seat_number): ballot for ballot in counted_rows}
    if closed:
        seats = seats_for(member_states(), item.session.seats_per_state)
        ballots = [{"state": seat.state, "seat": seat.number,
                    "choice": (counted[(seat.state, seat.number)].choice
                               if (seat.state, seat.number) in counted else None)}
                   for seat in seats]
        return {"ballots": ballots}
    visible = [{"state": state, "seat": number, "choice": ballot.choice,
                "cast_at": iso(ballot.cast_at)}
               for (state, number), ballot in sorted(counted.items())
               if permissions.can_see_ballots_of(user, state, closed)]
    shaped: dict = {"ballots": visible}
    if permissions.can_see_who_voted(user):
        shaped["voted"] = [{"state": state, "seat": number} for state, number in sorted(counted)]
    return shaped


def item_json(item: AgendaItem, user, rows: AgendaRows | None = None) -> dict:
    """The item; ``rows`` holds its session's ballots and recusals when a whole agenda is
    shown (:func:`portal.council.services.agenda_rows`)."""
    return {
        "id": item.id, "proposal_id": item.proposal_id, "position": item.position,
        "rule": item.rule, "sensitive": item.sensitive, "outcome": item.outcome,
        "tallied_at": iso(item.tallied_at),
        "recusals": [{"state": recusal.state_code, "seat": recusal.seat_number}
                     for recusal in (rows.recusals[item.id] if rows else recusals(item))],
        **item_ballots(item, user, rows.ballots[item.id] if rows else None),
    }


def session_json(session: VoteSession, user, with_items: bool = True) -> dict:
    shaped = {
        "id": session.id, "title": session.title, "kind": session.kind,
        "status": session.status, "opens_at": iso(session.opens_at),
        "closes_at": iso(session.closes_at), "closed_at": iso(session.closed_at),
        "seats_per_state": session.seats_per_state, "version": session.version,
    }
    if with_items:
        rows = agenda_rows(session)
        shaped["items"] = [item_json(item, user, rows) for item in session.items]
    return shaped


def enters_into_force_at(decision: Decision) -> datetime | None:
    """When it entered into force, or will if nobody asks for reconsideration; None once
    reconsideration was asked for."""
    if decision.entered_into_force_at is not None:
        return decision.entered_into_force_at
    if decision.reconsideration_requested_at is not None:
        return None
    return decision.objection_until


def decision_json(decision: Decision) -> dict:
    """The decision; with ``project_id``, ``grant`` and ``currency`` when it funded a project
    (:mod:`portal.council.funding`)."""
    return _decision_json(decision, funding_of([decision.id]).get(decision.id),
                          co_funder_names([decision]))


def _decision_json(decision: Decision, funding: Funding | None, names: dict[int, str]) -> dict:
    funded = ({"project_id": funding.project_id, "grant": str(funding.grant),
               "currency": funding.currency} if funding is not None else {})
    return {
        "id": decision.id, "number": decision.number, "proposal_id": decision.proposal_id,
        "proposal": {"acronym": decision.proposal.acronym, "title": decision.proposal.title,
                     "language": decision.proposal.language},
        "outcome": decision.outcome, "rule": decision.rule, "conditions": decision.conditions,
        "rationale": decision.rationale, "decided_at": iso(decision.decided_at),
        "objection_until": iso(decision.objection_until),
        "enters_into_force_at": iso(enters_into_force_at(decision)),
        "in_force": decision.entered_into_force_at is not None,
        "reconsideration_requested_at": iso(decision.reconsideration_requested_at),
        "ballots": decision.ballots, "commitments": commitments_json(decision, names), **funded,
    }


def decisions_json(decisions: list[Decision]) -> list[dict]:
    """A page of decisions, their funding read at once."""
    funding = funding_of(decision.id for decision in decisions)
    names = co_funder_names(decisions)
    return [_decision_json(decision, funding.get(decision.id), names) for decision in decisions]
