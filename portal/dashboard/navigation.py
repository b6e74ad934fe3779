"""The navigation links each role sees, beside the ones every signed-in user has."""

from __future__ import annotations

from dataclasses import dataclass

from flask import has_request_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.administration.permissions import can_administer_users, can_read_audit
from portal.council.permissions import can_manage_seats, can_view_sessions
from portal.money.permissions import may_manage_rates
from portal.notifications.permissions import can_read_outbox
from portal.onboarding.permissions import can_invite_anyone
from portal.partnering.permissions import acts_for_an_organisation
from portal.proposals.permissions import may_co_fund, may_see_proposals, sees_every_proposal
from portal.registry.permissions import can_import_organisations, may_moderate
from portal.review.permissions import is_expert, is_secretariat


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


def public_nav_items() -> list[NavItem]:
    """Public links after the calls and decisions: the funded projects and the statistics."""
    if not has_request_context():  # a task rendering a mail has no page to link from
        return []
    return [NavItem(_("Projects"), url_for("projects.projects")),
            NavItem(_("Statistics"), url_for("statistics.statistics"))]


def nav_items() -> list[NavItem]:
    if not (current_user and current_user.is_authenticated):  # no user when a task renders a mail
        return []
    items = [NavItem(_("Cooperation ads"), url_for("partnering.ads"))]
    if acts_for_an_organisation(current_user):
        items.append(NavItem(_("My ads"), url_for("partnering.my_ads")))
        items.append(NavItem(_("Interests"), url_for("partnering.interests")))
    if sees_every_proposal(current_user):
        items.append(NavItem(_("Proposals"), url_for("proposals.my_proposals")))
    elif may_see_proposals(current_user):
        items.append(NavItem(_("My proposals"), url_for("proposals.my_proposals")))
    if may_co_fund(current_user):
        items.append(NavItem(_("Co-funding"), url_for("proposals.co_funding")))
    if is_expert(current_user):
        items.append(NavItem(_("My assignments"), url_for("review.assignments")))
    if is_secretariat(current_user):
        items.append(NavItem(_("Experts"), url_for("review.experts")))
    if may_moderate(current_user):
        items.append(NavItem(_("Moderation"), url_for("registry.moderation_queue")))
    if can_invite_anyone(current_user):
        items.append(NavItem(_("Invitations"), url_for("accounts.invitations_sent")))
    if can_import_organisations(current_user):
        items.append(NavItem(_("Import organisations"), url_for("registry_import.upload")))
    if may_manage_rates(current_user):
        items.append(NavItem(_("Exchange rates"), url_for("money.rates")))
    if can_read_outbox(current_user):
        items.append(NavItem(_("Outbox"), url_for("notifications.outbox")))
    if can_view_sessions(current_user):
        items.append(NavItem(_("Vote sessions"), url_for("council.sessions")))
    if can_manage_seats(current_user):
        items.append(NavItem(_("Council seats"), url_for("council.council_seats")))
    if can_administer_users(current_user):
        items.append(NavItem(_("Users"), url_for("administration.users")))
    if can_read_audit(current_user):
        items.append(NavItem(_("Audit log"), url_for("administration.audit_log")))
    return items
