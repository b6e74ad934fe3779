"""The list of proposals with its filters: by call, status, member state (of any partner) and
classification, the same on the page and in the API. The secretariat filters every proposal;
everyone else filters their own (:func:`portal.proposals.services.visible_proposals`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from sqlalchemy import Select, select
from werkzeug.datastructures import MultiDict

from portal.calls.models import Call
from portal.core.errors import ValidationError
from portal.core.request_input import MAX_ID, whole_number
from portal.extensions import db
from portal.proposals.models import Proposal, ProposalPartner
from portal.proposals.workflow import ProposalStatus
from portal.reference.classifier import Classification
from portal.reference.queries import states
from portal.registry.models import Organisation


@dataclass(frozen=True)
class ProposalFilters:
    call_id: int | None = None
    status: str | None = None
    #: A member state one of the partners is in.
    state: str | None = None
    classification: str | None = None

    def args(self) -> dict:
        """The filters given, as query arguments (for the pager's links)."""
        return {name: value for name, value in asdict(self).items() if value is not None}

    def __bool__(self) -> bool:
        return bool(self.args())


def read_filters(args: MultiDict) -> ProposalFilters:
    """The filters of ``?call_id=&status=&state=&classification=``; 422 with each unknown value
    under its field (an empty value is no filter)."""
    problems: dict[str, list[str]] = {}
    raw_call = args.get("call_id") or None
    call_id = whole_number(raw_call, MAX_ID) if raw_call else None
    if raw_call and call_id is None:
        problems["call_id"] = [_("Must be an id: a whole number.")]
    status = args.get("status") or None
    if status is not None and status not in set(ProposalStatus):
        problems["status"] = [_("No such status.")]
    state = (args.get("state") or "").upper() or None
    if state is not None and state not in {member.code for member in states()}:
        problems["state"] = [_("No such member state.")]
    classification = args.get("classification") or None
    if classification is not None and classification not in set(Classification):
        problems["classification"] = [_("Choose cross-border, transnational or national.")]
    if problems:
        raise ValidationError(_("Some filters are not valid."), problems)
    return ProposalFilters(call_id, status, state, classification)


def filtered(query: Select, filters: ProposalFilters) -> Select:
    """``query`` (of :class:`Proposal`) narrowed by ``filters``."""
    if filters.call_id is not None:
        query = query.where(Proposal.call_id == filters.call_id)
    if filters.status is not None:
        query = query.where(Proposal.status == filters.status)
    if filters.classification is not None:
        query = query.where(Proposal.classification == filters.classification)
    if filters.state is not None:
        query = query.where(Proposal.id.in_(
            select(ProposalPartner.proposal_id)
            .join(Organisation, Organisation.id == ProposalPartner.organisation_id)
            .where(Organisation.state_code == filters.state)))
    return query


def call_choices() -> list[tuple[int, str]]:
    """Every call, newest first, for the call filter."""
    return [(row.id, row.title) for row in db.session.execute(
        select(Call.id, Call.title).order_by(Call.opens_at.desc(), Call.id.desc()))]
