"""Checking a call's national envelopes (DESIGN 4.10): for each member state taking part, an
amount in that state's currency and the co-funder, a published organisation of that state.
Every problem is recorded under its field path (``national_envelopes.<n>.<field>``)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from portal.calls.models import CallEnvelope
from portal.calls.validation import decimal, integer
from portal.core import limits
from portal.core.validation import Problems, add_problem
from portal.extensions import db
from portal.reference.models import MemberState
from portal.registry.models import Organisation, ProfileStatus

FIELD = "national_envelopes"
#: One envelope per member state of the Union.
MAX_ENVELOPES = 5


def check_envelopes(problems: Problems, rows) -> list[CallEnvelope]:
    """The envelopes of ``rows`` (a list of ``{state, amount, currency,
    co_funder_organisation_id}``), cleaned; none when ``rows`` is absent."""
    if rows is None:
        return []
    if not isinstance(rows, list):
        add_problem(problems, FIELD, _("A list of envelopes, each with state, amount, currency "
                                       "and co_funder_organisation_id."))
        return []
    if len(rows) > MAX_ENVELOPES:
        add_problem(problems, FIELD, _("At most %(n)d envelopes, one per member state.",
                                       n=MAX_ENVELOPES))
        return []
    currencies = dict(db.session.execute(select(MemberState.code, MemberState.currency)).all())
    envelopes, states = [], set()
    for index, row in enumerate(rows):
        prefix = f"{FIELD}.{index}"
        if not isinstance(row, dict):
            add_problem(problems, prefix, _("Each envelope is an object with state, amount, "
                                            "currency and co_funder_organisation_id."))
            continue
        state = row.get("state")
        if not isinstance(state, str) or state not in currencies:
            add_problem(problems, f"{prefix}.state", _("Not a member state of the Union."))
            state = None
        elif state in states:
            add_problem(problems, f"{prefix}.state", _("One envelope per member state."))
        states.add(state)
        amount = decimal(problems, f"{prefix}.amount", row.get("amount"), bounds=limits.AMOUNT)
        if amount is not None and amount <= 0:
            add_problem(problems, f"{prefix}.amount", _("The amount must be more than 0."))
        currency = row.get("currency")
        if state is not None and currency != currencies[state]:
            add_problem(problems, f"{prefix}.currency",
                        _("An envelope is in its state's currency: %(currency)s.",
                          currency=currencies[state]))
        co_funder = _co_funder(problems, f"{prefix}.co_funder_organisation_id",
                               row.get("co_funder_organisation_id"), state)
        envelopes.append(CallEnvelope(state_code=state, amount=amount, currency=currency,
                                      co_funder_organisation_id=co_funder))
    return envelopes


def _co_funder(problems: Problems, field: str, value, state: str | None) -> int | None:
    """At most :data:`MAX_ENVELOPES` reads, one per envelope."""
    identifier = integer(problems, field, value)
    if identifier is None:
        return None
    organisation = db.session.get(Organisation, identifier) if limits.is_id(identifier) else None
    if organisation is None or organisation.status != ProfileStatus.PUBLISHED:
        add_problem(problems, field, _("No published organisation has this id."))
        return None
    if state is not None and organisation.state_code != state:
        add_problem(problems, field, _("The co-funder must be an organisation of the envelope's "
                                       "state."))
        return None
    return identifier
