"""The filters of the public list of projects, the same on the page and in the API:
``?state=&technology_field=&call_id=&classification=&status=&at_risk=``. An empty value is no
filter; an unknown one is a validation error (422) under its field."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from sqlalchemy import Select, select
from werkzeug.datastructures import MultiDict

from portal.core.errors import ValidationError
from portal.core.request_input import MAX_ID, whole_number
from portal.core.validation import Problems, add_problem
from portal.projects.models import Project
from portal.proposals.models import Proposal, ProposalPartner, proposal_technology_field
from portal.proposals.workflow import ProposalStatus
from portal.reference.classifier import Classification
from portal.reference.queries import reference_names
from portal.registry.models import Organisation

#: The statuses of a proposal that has become a project.
PROJECT_STATUSES = (ProposalStatus.IN_IMPLEMENTATION, ProposalStatus.COMPLETED)
_YES, _NO = frozenset({"1", "true", "yes"}), frozenset({"0", "false", "no"})


@dataclass(frozen=True)
class ProjectFilters:
    #: A member state one of the partners is in.
    state: str | None = None
    technology_field: str | None = None
    call_id: int | None = None
    classification: str | None = None
    status: str | None = None
    #: Only the projects at risk (``True``) or only those that are not (``False``).
    at_risk: bool | None = None

    def args(self) -> dict:
        """The filters given, as query arguments (for the pager's links)."""
        shaped = {name: value for name, value in asdict(self).items() if value is not None}
        if self.at_risk is not None:
            shaped["at_risk"] = "1" if self.at_risk else "0"
        return shaped

    def __bool__(self) -> bool:
        return bool(self.args())


def _choice(args: MultiDict, name: str, allowed, message: str, problems: Problems,
            upper: bool = False) -> str | None:
    value = (args.get(name) or "").strip()[:64]
    value = value.upper() if upper else value
    if not value:
        return None
    if value not in allowed:
        add_problem(problems, name, message)
        return None
    return value


def read_filters(args: MultiDict) -> ProjectFilters:
    """The filters of a request's query; a :class:`ValidationError` names each unknown value."""
    problems: Problems = {}
    names = reference_names()
    state = _choice(args, "state", names.states, _("No such member state."), problems,
                    upper=True)
    field = _choice(args, "technology_field", names.technology_fields,
                    _("No such technology field."), problems)
    classification = _choice(args, "classification", set(Classification),
                             _("Choose cross-border, transnational or national."), problems)
    status = _choice(args, "status", set(PROJECT_STATUSES),
                     _("Choose in implementation or completed."), problems)
    raw_call = (args.get("call_id") or "").strip()
    call_id = whole_number(raw_call, MAX_ID) if raw_call else None
    if raw_call and call_id is None:
        add_problem(problems, "call_id", _("Must be an id: a whole number."))
    raw_risk = (args.get("at_risk") or "").strip().lower()
    at_risk = True if raw_risk in _YES else False if raw_risk in _NO else None
    if raw_risk and at_risk is None:
        add_problem(problems, "at_risk", _("Give 1 (at risk) or 0 (not at risk)."))
    if problems:
        raise ValidationError(_("Some filters are not valid."), problems)
    return ProjectFilters(state, field, call_id, classification, status, at_risk)


def filtered(filters: ProjectFilters) -> Select:
    """The projects that pass every filter but ``at_risk`` (which is not a column: see
    :func:`portal.projects.queries.at_risk_ids`), newest first."""
    query = (select(Project).join(Proposal, Proposal.id == Project.proposal_id)
             .order_by(Project.created_at.desc(), Project.id.desc()))
    if filters.call_id is not None:
        query = query.where(Proposal.call_id == filters.call_id)
    if filters.status is not None:
        query = query.where(Proposal.status == filters.status)
    if filters.classification is not None:
        query = query.where(Proposal.classification == filters.classification)
    if filters.technology_field is not None:
        link = proposal_technology_field
        query = query.where(Proposal.id.in_(
            select(link.c.proposal_id).where(link.c.field_key == filters.technology_field)))
    if filters.state is not None:
        query = query.where(Proposal.id.in_(
            select(ProposalPartner.proposal_id)
            .join(Organisation, Organisation.id == ProposalPartner.organisation_id)
            .where(Organisation.state_code == filters.state)))
    return query
