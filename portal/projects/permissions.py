"""Who may act on a funded project and its reports.

=================================  ===========================================================
predicate                          true for
=================================  ===========================================================
may_record_agreement(user)         the secretariat
can_read_agreement(user, project)  the secretariat, the partners' members and the council
                                   (titular and alternate members): the signed PDF
is_project_partner(user, project)  a member of one of the project's partner organisations
can_write_report(user, report)     the partners' members, while the report is a draft or
                                   returned
can_submit_report(user, report)    the lead organisation's members, while the report is a
                                   draft or returned
can_assess_report(user, report)    the secretariat, while the report is submitted
sees_projects_at_risk(user)        the secretariat and the council (titular and alternate
                                   members): their dashboards list the projects at risk
sees_reporting_workspace(user,     the partners' members and the secretariat: a project's
project)                           page links them to its reporting workspace
can_read_report(user, report)      the partners' members, the secretariat, the administrator,
                                   the council (titular and alternate members) and the
                                   contact points of the partners' states; the public reads an
                                   accepted report's summary only, on the project's page
may_see_reports(user)              anyone holding a role that could read some report (a
                                   handler's 403 before it loads anything)
may_assess_reports(user)           the secretariat
can_start_report(user, period, d)  a partner's member, for a period that has started by day
                                   ``d`` and has no report yet
=================================  ===========================================================

A project is public: its page, indicators and accepted reports' summaries need no sign-in.
"""

from __future__ import annotations

from datetime import date

from portal.accounts.roles import Role
from portal.core.permissions import has_any_role, signed_in
from portal.projects.models import (
    WITH_PARTNERS,
    Project,
    Report,
    ReportingPeriod,
    ReportStatus,
)
from portal.registry.permissions import is_organisation_member

#: The report states in which the partners may still change it.
OPEN_FOR_PARTNERS = WITH_PARTNERS


def may_record_agreement(user) -> bool:
    return signed_in(user) and user.has_role(Role.SECRETARIAT)


def may_read_agreements(user) -> bool:
    """Whether ``user`` holds a role under which some signed agreement could be read."""
    return has_any_role(user, Role.SECRETARIAT, Role.COUNCIL_MEMBER, Role.COUNCIL_ALTERNATE,
                        Role.ORG_ADMIN, Role.ORG_MEMBER)


def can_read_agreement(user, project: Project) -> bool:
    return signed_in(user) and (user.has_role(Role.SECRETARIAT) or _is_council(user)
                                or is_project_partner(user, project))


def is_project_partner(user, project: Project) -> bool:
    return signed_in(user) and any(is_organisation_member(user, partner.organisation)
                                    for partner in project.proposal.partners)


def is_project_lead(user, project: Project) -> bool:
    return signed_in(user) and is_organisation_member(user, project.proposal.lead_organisation)


def can_write_report(user, project: Project, report: Report | None = None) -> bool:
    """A new report (``report`` is ``None``) or an open one, by a partner's member, while the
    project is being implemented."""
    return (project.completed_at is None and is_project_partner(user, project)
            and (report is None or report.status in OPEN_FOR_PARTNERS))


def can_submit_report(user, project: Project, report: Report) -> bool:
    return can_write_report(user, project, report) and is_project_lead(user, project)


def can_assess_report(user, report: Report) -> bool:
    return may_assess_reports(user) and report.status == ReportStatus.SUBMITTED


def _is_council(user) -> bool:
    return user.has_role(Role.COUNCIL_MEMBER) or user.has_role(Role.COUNCIL_ALTERNATE)


def sees_projects_at_risk(user) -> bool:
    return signed_in(user) and (user.has_role(Role.SECRETARIAT) or _is_council(user))


def sees_reporting_workspace(user, project: Project) -> bool:
    return signed_in(user) and (user.has_role(Role.SECRETARIAT)
                                or is_project_partner(user, project))


def can_read_report(user, project: Project) -> bool:
    if not signed_in(user):
        return False
    if user.has_role(Role.SECRETARIAT) or user.has_role(Role.ADMIN) or _is_council(user):
        return True
    return is_project_partner(user, project) or any(
        user.has_role(Role.CONTACT_POINT, partner.organisation.state_code)
        for partner in project.proposal.partners)


def may_see_reports(user) -> bool:
    """Whether ``user`` holds a role under which some report could be read."""
    return has_any_role(user, Role.SECRETARIAT, Role.ADMIN, Role.COUNCIL_MEMBER,
                        Role.COUNCIL_ALTERNATE, Role.CONTACT_POINT, Role.ORG_ADMIN,
                        Role.ORG_MEMBER)


def may_assess_reports(user) -> bool:
    return signed_in(user) and user.has_role(Role.SECRETARIAT)


def period_open_for_report(period: ReportingPeriod, today: date) -> bool:
    """A period's report may be started once the period has begun, and only once."""
    return period.starts_on <= today and period.report is None


def can_start_report(user, period: ReportingPeriod, today: date) -> bool:
    return can_write_report(user, period.project) and period_open_for_report(period, today)
