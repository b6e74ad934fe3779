"""The guards of the workflow table: each one a condition on the proposal's facts that must
hold for a transition, with the message that says why it does not.

The guards on the proposal itself are checked here; those on its review and its decision by the
feature that registered them (:mod:`portal.proposals.hooks`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l

from portal.proposals.hooks import guard_check
from portal.proposals.models import Proposal
from portal.proposals.workflow import Guard


def _call_open(proposal: Proposal, note: str, now: datetime):
    if not proposal.call.is_open(now):
        return _l("The call is not open for submissions.")


def _has_consortium(proposal: Proposal, note: str, now: datetime):
    organisations = {partner.organisation_id for partner in proposal.partners}
    if proposal.lead_organisation_id not in organisations or len(organisations) < 2:
        return _l("A proposal needs its lead and at least one other partner.")


def _note_given(proposal: Proposal, note: str, now: datetime):
    if not (note or "").strip():
        return _l("Give a reason: it is kept in the proposal's history.")


_CHECKS: dict[Guard, Callable] = {
    Guard.CALL_OPEN: _call_open,
    Guard.HAS_CONSORTIUM: _has_consortium,
    Guard.NOTE_GIVEN: _note_given,
}


def _check(guard: Guard) -> Callable:
    return _CHECKS[guard] if guard in _CHECKS else guard_check(guard)


def failed_guards(guards: Iterable[Guard], proposal: Proposal, note: str,
                  now: datetime) -> list[str]:
    """The message of every guard that does not hold, in the table's order."""
    messages = (_check(guard)(proposal, note, now) for guard in guards)
    return [str(message) for message in messages if message is not None]
