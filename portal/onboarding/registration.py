"""Self-registration of an organisation's first user, confirmed by e-mail.

The account is created unconfirmed, with the roles ``org_admin`` and ``org_member`` of a new
``pending`` organisation; sign-in is refused until the link mailed to the address is followed.
Registering with an address that already has an account changes nothing and answers the same:
the owner of the address is told by e-mail instead, so the page never reveals who has an account.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from portal.accounts import passwords, services
from portal.accounts.links import external_url
from portal.accounts.models import User
from portal.accounts.roles import Role, RoleSpec
from portal.core import audit
from portal.core.db import utcnow
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.onboarding.links import CONFIRM_EMAIL, LinkNotValid, make_token, user_for_token
from portal.registry.services import check_organisation_fields, register_organisation

REGISTRATION_ACTOR = "registration"


@dataclass(frozen=True)
class NewOrganisation:
    name: str
    kind: str
    state_code: str
    region_code: str
    #: The language the organisation's profile is written in.
    language: str


def _confirmation_link(user: User) -> str:
    return external_url("accounts.confirm_email", token=make_token(user, CONFIRM_EMAIL))


def _notify_existing(user: User) -> None:
    link = _confirmation_link(user) if user.email_confirmed_at is None and user.is_active else None
    mail_user(user, "registration_exists", confirm_link=link,
              sign_in_link=external_url("accounts.sign_in"),
              forgot_link=external_url("accounts.forgot_password"))
    audit.record("user.register_existing", REGISTRATION_ACTOR, f"user:{user.id}")


def register_account(name: str, email: str, password: str, language: str,
                     organisation: NewOrganisation) -> User | None:
    """Register a person and their organisation; the new user, or ``None`` when the address
    already had an account (its owner gets a notice, with a fresh confirmation link if the
    account is still unconfirmed). The caller answers both cases the same way."""
    services.check_new_password(password)
    check_organisation_fields(organisation.name, organisation.kind, organisation.state_code,
                              organisation.region_code, organisation.language)
    existing = services.user_by_email(email)
    if existing is not None:
        passwords.hash_password(password)  # as long as a new account takes: no timing tell
        _notify_existing(existing)
        return None
    user = services.create_user(email, name, password, REGISTRATION_ACTOR, language=language,
                                confirmed=False)
    created = register_organisation(organisation.name, organisation.kind, organisation.state_code,
                                    organisation.region_code, organisation.language, user)
    for role in (Role.ORG_ADMIN, Role.ORG_MEMBER):
        services.grant_role(user, RoleSpec(role, str(created.id)), user)
    mail_user(user, "confirm_email", organisation=created, link=_confirmation_link(user))
    return user


def user_to_confirm(token: str) -> User:
    """The unconfirmed user of a confirmation link, or :class:`LinkNotValid`."""
    user = user_for_token(token, CONFIRM_EMAIL)
    if user is None or user.email_confirmed_at is not None:
        raise LinkNotValid(_("This confirmation link has expired or has already been used. "
                             "If you cannot sign in yet, register again with the same address "
                             "and we will send you a new link."))
    return user


def confirm_email(token: str) -> User:
    """Confirm the address of a confirmation link. Raising the session epoch retires the link
    (there is no session to end yet: an unconfirmed user cannot sign in)."""
    user = user_to_confirm(token)
    user.email_confirmed_at = utcnow()
    user.session_epoch += 1
    audit.record("user.confirm_email", user, f"user:{user.id}")
    db.session.flush()
    return user
