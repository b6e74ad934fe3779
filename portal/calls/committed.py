"""What the adopted decisions of a call commit from each national envelope: the extension
point through which the call page, ``GET /api/v1/calls`` and the statistics read it.

Decisions belong to the council, which stands above calls in the order of features, so calls
cannot read them; the council registers :func:`register_committed` from its ``init_app``.
Without a registration nothing is committed. Each application keeps its own registration in
``app.extensions``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from flask import current_app

_KEY = "calls.committed"

#: ``committed_of(call ids)``: ``{call id: {state: amount}}`` in each envelope's currency, in a
#: fixed number of statements however many ids it is given.
CommittedOf = Callable[[list[int]], dict[int, dict[str, Decimal]]]


def register_committed(app, committed_of: CommittedOf) -> None:
    app.extensions[_KEY] = committed_of


def committed_of(call_ids: Iterable[int]) -> dict[int, dict[str, Decimal]]:
    """Each call's committed amount per state (calls and states with nothing are absent)."""
    ids = sorted(set(call_ids))
    find = current_app.extensions.get(_KEY)
    return find(ids) if find is not None and ids else {}


def envelope_rows(call, committed: dict[str, Decimal] | None = None) -> list[dict]:
    """The call's envelopes, each with ``committed`` and ``remaining``: ``{state, amount,
    currency, co_funder, committed, remaining}``; ``committed`` read when not given."""
    if committed is None:
        committed = committed_of([call.id]).get(call.id, {})
    return [{"state": envelope.state_code, "amount": envelope.amount,
             "currency": envelope.currency, "co_funder": envelope.co_funder,
             "committed": committed.get(envelope.state_code, Decimal("0.00")),
             "remaining": envelope.amount - committed.get(envelope.state_code, Decimal(0))}
            for envelope in sorted(call.envelopes, key=lambda e: e.state_code)]
