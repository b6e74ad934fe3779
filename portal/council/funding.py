"""What an adopted decision funded: the extension point through which the register of
decisions (its pages and ``GET /api/v1/decisions``) names the project a decision started, who
was funded and how much.

Projects stand above the council in the order of features, so the council cannot read them;
the projects feature registers :func:`register_funding` from its ``init_app``. Without a
registration (an application without projects) no decision has funding. Each application keeps
its own registration in ``app.extensions``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from flask import current_app

_KEY = "council.funding"


@dataclass(frozen=True)
class FundedPartner:
    organisation_id: int
    name: str
    grant: Decimal


@dataclass(frozen=True)
class Funding:
    """The project a decision started, with its public page and every partner's grant in the
    call's currency."""

    project_id: int
    url: str
    grant: Decimal
    currency: str
    partners: tuple[FundedPartner, ...]


#: ``funding_of(decision ids)``: ``{decision id: funding}`` for those that funded a project, in
#: a fixed number of statements however many ids it is given.
FundingOf = Callable[[list[int]], dict[int, Funding]]


def register_funding(app, funding_of: FundingOf) -> None:
    app.extensions[_KEY] = funding_of


def funding_of(decision_ids: Iterable[int]) -> dict[int, Funding]:
    """The funding of each of ``decision_ids`` that started a project (others are absent)."""
    ids = sorted(set(decision_ids))
    find = current_app.extensions.get(_KEY)
    return find(ids) if find is not None and ids else {}
