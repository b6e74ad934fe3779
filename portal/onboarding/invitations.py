"""Invitations: a user hands out roles to someone by e-mail.

An invitation is ``pending`` until it is ``accepted`` (once), ``revoked`` by its sender or an
administrator, or ``expired`` after ``INVITATION_DAYS``. The link carries a random token of which
only the SHA-256 digest is stored. Who may invite whom is :func:`permissions.can_invite`.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from enum import StrEnum

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts import services
from portal.accounts.labels import ROLE_NAMES, role_label
from portal.accounts.links import external_url
from portal.accounts.models import LANGUAGES, User
from portal.accounts.roles import SCOPE_OF_ROLE, Role, RoleSpec, RoleSpecError, ScopeKind
from portal.accounts.tokens import digest
from portal.core import audit, limits
from portal.core.db import utcnow
from portal.core.errors import PermissionDenied, ValidationError
from portal.extensions import db
from portal.notifications.services import queue_mail
from portal.onboarding.links import LinkNotValid
from portal.onboarding.models import Invitation
from portal.onboarding.permissions import can_invite, can_revoke_invitation
from portal.reference.models import MemberState
from portal.registry import queries
from portal.registry.models import Cluster, Organisation


class InvitationStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


def status_of(invitation: Invitation) -> InvitationStatus:
    if invitation.accepted_at is not None:
        return InvitationStatus.ACCEPTED
    if invitation.revoked_at is not None:
        return InvitationStatus.REVOKED
    if invitation.expires_at <= utcnow():
        return InvitationStatus.EXPIRED
    return InvitationStatus.PENDING


def specs_of(invitation: Invitation) -> list[RoleSpec]:
    return [RoleSpec.parse(text) for text in invitation.roles]


def role_description(spec: RoleSpec) -> str:
    """The role's name with the name of its organisation or cluster (people know names, not
    numbers); in the language of the moment, so call it while rendering."""
    model = {ScopeKind.ORGANISATION: Organisation, ScopeKind.CLUSTER: Cluster}.get(SCOPE_OF_ROLE[spec.role])
    row = db.session.get(model, int(spec.scope)) if model and (spec.scope or "").isdigit() else None
    return f"{ROLE_NAMES[spec.role]}: {row.name}" if row else role_label(spec)


def load_scopes(specs) -> list:
    """Load in two statements the organisations and clusters ``specs`` are scoped to, so that
    :func:`role_description` of each reads them from the session; keep the list returned while
    rendering (the session holds its objects weakly)."""
    wanted: dict[type, set[int]] = {Organisation: set(), Cluster: set()}
    for spec in specs:
        kind = SCOPE_OF_ROLE[spec.role]
        if kind in (ScopeKind.ORGANISATION, ScopeKind.CLUSTER) and (spec.scope or "").isdigit():
            model = Organisation if kind is ScopeKind.ORGANISATION else Cluster
            if limits.is_id(int(spec.scope)):
                wanted[model].add(int(spec.scope))
    return [row for model, ids in wanted.items() if ids
            for row in db.session.scalars(select(model).where(model.id.in_(sorted(ids))))]


def parse_role_choice(role: str, scope: str | None) -> RoleSpec:
    """A role with its scope as the API gives them, or a validation error on the scope. An
    organisation or a cluster may be given by its number, by an entry of the API's look-up
    (``12 · Name``) or by its exact name (:func:`scope_from_text`)."""
    if role not in set(Role):
        raise ValidationError(_("Choose a role."), {"role": [_("Choose a role.")]})
    scope = scope_from_text(Role(role), scope or "")
    try:
        return RoleSpec.parse(f"{role}:{scope}" if scope else role)
    except RoleSpecError:
        pass
    message = {
        ScopeKind.NONE: _("This role has no scope: leave the field empty."),
        ScopeKind.STATE: _("Give the two-letter code of a member state, e.g. KZ."),
        ScopeKind.ORGANISATION: _("Give the name or the number of the organisation."),
        ScopeKind.CLUSTER: _("Give the name or the number of the cluster."),
    }[SCOPE_OF_ROLE[Role(role)]]
    raise ValidationError(message, {"scope": [message]})


#: An entry of the look-up list: ``12 · Name`` (organisations, clusters) or ``KZ · Kazakhstan``.
_LOOKUP_ENTRY = re.compile(r"^\s*([0-9]+|[A-Za-z]{2})\s*·\s*(.*)$", re.DOTALL)


def scope_from_text(role: Role, text: str) -> str:
    """The scope written in a form: a state code, an id, a look-up entry or a name. A name
    (or an entry whose number is not that of the named profile, say a cluster picked for an
    organisation role) is looked up among the profiles of the role's kind: one match gives its
    id; none or several are a validation error that says so."""
    text = text.strip()
    kind = SCOPE_OF_ROLE[role]
    entry = _LOOKUP_ENTRY.match(text)
    if kind is ScopeKind.STATE or kind is ScopeKind.NONE:
        return entry.group(1) if entry else text
    model = Organisation if kind is ScopeKind.ORGANISATION else Cluster
    if entry and entry.group(1).isdigit():
        row = db.session.get(model, int(entry.group(1))) if limits.is_id(int(entry.group(1))) else None
        if row is not None and row.name.strip() == entry.group(2).strip():
            return str(row.id)
        text = entry.group(2).strip()
    if not text or (text.isascii() and text.isdigit()):
        return text
    found = queries.profiles_named(model, text, 2)
    if len(found) == 1:
        return str(found[0].id)
    if model is Organisation:
        message = (_("No organisation is named “%(name)s”. Pick one from the list, or give "
                     "its number.", name=text) if not found else
                   _("Several organisations are named “%(name)s”. Pick one from the list, with "
                     "its number.", name=text))
    else:
        message = (_("No cluster is named “%(name)s”. Pick one from the list, or give its "
                     "number.", name=text) if not found else
                   _("Several clusters are named “%(name)s”. Pick one from the list, with its "
                     "number.", name=text))
    raise ValidationError(message, {"scope": [message]})


def lookup_entry(profile: Organisation | Cluster) -> str:
    """The text of a look-up entry of the API, which :func:`scope_from_text` reads back."""
    return f"{profile.id} · {profile.name}"


def _missing(model, scope: str | None) -> bool:
    number = int(scope or 0)
    return not limits.is_id(number) or db.session.get(model, number) is None


def check_scope_exists(spec: RoleSpec) -> None:
    kind = SCOPE_OF_ROLE[spec.role]
    if kind is ScopeKind.STATE and db.session.get(MemberState, spec.scope) is None:
        message = _("%(code)s is not a member state of the Union.", code=spec.scope)
    elif kind is ScopeKind.ORGANISATION and _missing(Organisation, spec.scope):
        message = _("There is no organisation with the number %(id)s.", id=spec.scope)
    elif kind is ScopeKind.CLUSTER and _missing(Cluster, spec.scope):
        message = _("There is no cluster with the number %(id)s.", id=spec.scope)
    else:
        return
    raise ValidationError(message, {"scope": [message]})


def invite_user(email: str, specs: list[RoleSpec], language: str, actor: User) -> tuple[Invitation, str]:
    """Invite ``email`` to hold ``specs``; returns the invitation and its link token, which is
    mailed and never stored. Refused unless ``actor`` may invite to every one of the roles."""
    if not specs:
        raise ValidationError(_("Choose a role."), {"role": [_("Choose a role.")]})
    for spec in specs:
        if not can_invite(actor, spec):
            raise PermissionDenied(_("You may not invite someone as %(role)s.", role=role_label(spec)))
        check_scope_exists(spec)
    if language not in LANGUAGES:
        raise ValidationError(_("Choose a language."), {"language": [_("Choose a language.")]})
    token = secrets.token_urlsafe(32)
    days = current_app.config["INVITATION_DAYS"]
    invitation = Invitation(email=services.normalise_email(email), roles=[str(s) for s in specs],
                            language=language, digest=digest(token), invited_by=actor,
                            expires_at=utcnow() + timedelta(days=days))
    db.session.add(invitation)
    db.session.flush()
    audit.record("invitation.create", actor, f"invitation:{invitation.id}",
                 email=invitation.email, roles=invitation.roles)
    queue_mail(invitation.email, "invitation", language, invitation=invitation, specs=specs,
               inviter=actor.name, link=external_url("accounts.accept_invitation", token=token))
    return invitation, token


def find_invitation(token: str) -> Invitation:
    """The pending invitation of a link token; :class:`LinkNotValid` says why it cannot be used."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.digest == digest(token)).with_for_update()
    )
    if invitation is None:
        raise LinkNotValid(_("This invitation link is not valid. Check that you copied all of it."))
    status = status_of(invitation)
    if status is InvitationStatus.ACCEPTED:
        raise LinkNotValid(_("This invitation has already been used. Sign in with your account."))
    if status is InvitationStatus.REVOKED:
        raise LinkNotValid(_("This invitation has been withdrawn by the person who sent it."))
    if status is InvitationStatus.EXPIRED:
        raise LinkNotValid(_("This invitation has expired. "
                             "Ask the person who invited you to send a new one."))
    return invitation


def _grant_and_close(invitation: Invitation, user: User) -> None:
    actor = f"invitation:{invitation.id}"
    for spec in specs_of(invitation):
        services.grant_role(user, spec, actor)
    invitation.accepted_at = utcnow()
    audit.record("invitation.accept", user, f"invitation:{invitation.id}")
    db.session.flush()


def accept_invitation(token: str, name: str, password: str) -> User:
    """Create the invited person's account, with the invitation's roles and language. The link
    came to the invited address, so the address counts as confirmed. When an account with that
    address exists, its owner signs in and uses :func:`accept_invitation_as` instead."""
    invitation = find_invitation(token)
    if services.user_by_email(invitation.email) is not None:
        raise LinkNotValid(_("You already have an account. Sign in, then open the invitation link again."))
    user = services.create_user(invitation.email, name, password, f"invitation:{invitation.id}",
                                language=invitation.language)
    _grant_and_close(invitation, user)
    return user


def accept_invitation_as(token: str, user: User) -> Invitation:
    """Give the invitation's roles to the signed-in ``user`` whose address it was sent to."""
    invitation = find_invitation(token)
    if user.email != invitation.email:
        raise PermissionDenied(_("This invitation was sent to another e-mail address."))
    _grant_and_close(invitation, user)
    return invitation


def revoke_invitation(invitation: Invitation, actor: User) -> None:
    if not can_revoke_invitation(actor, invitation):
        raise PermissionDenied(_("You may not withdraw this invitation."))
    if status_of(invitation) is not InvitationStatus.PENDING:
        return
    invitation.revoked_at = utcnow()
    audit.record("invitation.revoke", actor, f"invitation:{invitation.id}")
    db.session.flush()


def invitations_sent_by(user: User) -> list[Invitation]:
    return list(db.session.scalars(
        select(Invitation).where(Invitation.invited_by_id == user.id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ))
