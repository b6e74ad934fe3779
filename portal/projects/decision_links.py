"""The register of decisions' side of a project: which adopted decisions started which projects,
with who was funded and how much (registered into :mod:`portal.council.funding`)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from flask import has_request_context, url_for
from sqlalchemy import select

from portal.accounts.links import external_url
from portal.calls.models import Call
from portal.council.funding import FundedPartner, Funding
from portal.extensions import db
from portal.projects.models import Project, ProjectGrant
from portal.proposals.models import Proposal
from portal.registry.models import Organisation


def project_url(project_id: int) -> str:
    """The public page of a project: a path in a request, an absolute address outside one."""
    if has_request_context():
        return url_for("projects.project", project_id=project_id)
    return external_url("projects.project", project_id=project_id)


def funding_of(decision_ids: list[int]) -> dict[int, Funding]:
    """``{decision id: funding}`` of the decisions that started a project, in two statements."""
    projects = db.session.execute(
        select(Project.id, Project.decision_id, Call.currency)
        .join(Proposal, Proposal.id == Project.proposal_id)
        .join(Call, Call.id == Proposal.call_id)
        .where(Project.decision_id.in_(decision_ids))).all()
    if not projects:
        return {}
    partners: dict[int, list[FundedPartner]] = defaultdict(list)
    for project_id, organisation_id, name, amount in db.session.execute(
            select(ProjectGrant.project_id, ProjectGrant.organisation_id, Organisation.name,
                   ProjectGrant.amount)
            .join(Organisation, Organisation.id == ProjectGrant.organisation_id)
            .where(ProjectGrant.project_id.in_([row.id for row in projects]))
            .order_by(ProjectGrant.id)):
        partners[project_id].append(FundedPartner(organisation_id, name, amount))
    return {row.decision_id: Funding(
        row.id, project_url(row.id),
        sum((partner.grant for partner in partners[row.id]), Decimal(0)), row.currency,
        tuple(partners[row.id])) for row in projects}
