"""Account services: creating users, granting roles, signing in with lockout and two-factor.

Each service checks its rule, changes state, writes the audit entry and flushes; the caller
(a view, an API handler, a command) commits once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts import passwords, recovery_codes, two_factor
from portal.accounts.models import RoleAssignment, User
from portal.accounts.roles import RoleSpec
from portal.core import audit
from portal.core.db import utcnow
from portal.core.errors import ConflictError, ValidationError
from portal.core.timezones import valid_zone
from portal.extensions import db


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def check_new_password(password: str) -> None:
    if len(password) < passwords.MIN_LENGTH:
        message = _("The password must have at least %(n)d characters.", n=passwords.MIN_LENGTH)
        raise ValidationError(message, {"password": [message]})


def create_user(email: str, name: str, password: str | None, actor, language: str = "ru",
                roles: Iterable[RoleSpec] = (), confirmed: bool = True) -> User:
    """Create an account; ``confirmed`` is false for self-registration until the e-mail is."""
    email = normalise_email(email)
    if user_by_email(email) is not None:
        message = _("An account with this e-mail address already exists.")
        raise ConflictError(message, {"email": [message]})
    if password is not None:
        check_new_password(password)
    user = User(email=email, name=name.strip(), language=language,
                password_hash=passwords.hash_password(password) if password else None,
                email_confirmed_at=utcnow() if confirmed else None)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", actor, f"user:{user.id}", email=email)
    for spec in roles:
        grant_role(user, spec, actor)
    return user


def grant_role(user: User, spec: RoleSpec, actor) -> RoleAssignment:
    existing = next((r for r in user.roles if r.role == spec.role and r.scope == spec.scope), None)
    if existing:
        return existing
    assignment = RoleAssignment(role=str(spec.role), scope=spec.scope)
    user.roles.append(assignment)
    db.session.flush()
    audit.record("role.grant", actor, f"user:{user.id}", role=str(spec))
    return assignment


def revoke_role(user: User, spec: RoleSpec, actor) -> None:
    for assignment in list(user.roles):
        if assignment.role == spec.role and assignment.scope == spec.scope:
            user.roles.remove(assignment)
            audit.record("role.revoke", actor, f"user:{user.id}", role=str(spec))
    db.session.flush()


class SignInRefused(Exception):
    """Wrong credentials, or an account that is locked, inactive or not yet confirmed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SignInStep:
    user: User
    needs_code: bool
    needs_setup: bool


def _locked_message() -> str:
    return _("Too many failed attempts. Try again in a few minutes.")


def _refuse_if_locked(user: User, now) -> None:
    """Every step of signing in (password, code, set-up) stops while the account is locked."""
    if user.locked_until and user.locked_until > now:
        audit.record("login.refused_locked", "anonymous", f"user:{user.id}")
        raise SignInRefused(_locked_message())


def check_credentials(email: str, password: str) -> SignInStep:
    """The first step of signing in. Repeated failures lock the account for a while (a lock,
    not a ban, so that nobody can shut a user out for good); every attempt is audited."""
    user = user_by_email(email)
    now = utcnow()
    if user is not None:
        _refuse_if_locked(user, now)
    if user is None or not passwords.check_password(user.password_hash, password):
        locked = user is not None and _count_failure(user, now)
        audit.record("login.failed", "anonymous", f"user:{user.id}" if user else None,
                     email=normalise_email(email))
        raise SignInRefused(_locked_message() if locked
                            else _("The e-mail address or the password is not correct."))
    if not user.is_active:
        raise SignInRefused(_("This account is disabled."))
    if user.email_confirmed_at is None:
        raise SignInRefused(_("Please confirm your e-mail address first: follow the link we sent."))
    if user.password_hash and passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    needs_2fa = two_factor.requires_two_factor(user) or user.has_two_factor
    return SignInStep(user, needs_code=needs_2fa and user.has_two_factor,
                      needs_setup=needs_2fa and not user.has_two_factor)


def _count_failure(user: User, now) -> bool:
    """Count a failed attempt; whether it locked the account."""
    config = current_app.config
    user.failed_logins += 1
    if user.failed_logins < config["LOGIN_FAILURES_BEFORE_LOCK"]:
        return False
    user.locked_until = now + timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
    user.failed_logins = 0
    audit.record("login.locked", "system", f"user:{user.id}")
    return True


def check_second_factor(user: User, code: str) -> bool:
    """The code step: a TOTP code, or one of the user's unused recovery codes (consumed).
    :class:`SignInRefused` while the account is locked, even for a right code; a wrong code
    counts toward the lock as a wrong password does, and the one that locks is refused so."""
    now = utcnow()
    _refuse_if_locked(user, now)
    step = two_factor.accepted_step(user.totp_secret or "", code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        return True
    if recovery_codes.use_code(user, code):
        return True
    locked = _count_failure(user, now)
    audit.record("login.second_factor_failed", "anonymous", f"user:{user.id}")
    if locked:
        raise SignInRefused(_locked_message())
    return False


def enable_two_factor(user: User, secret: str, code: str) -> list[str] | None:
    """Turn two-factor sign-in on once ``code`` proves the device holds ``secret``; the new
    recovery codes, to be shown once, or ``None`` for a wrong code. Refused while locked."""
    _refuse_if_locked(user, utcnow())
    step = two_factor.accepted_step(secret, code, None)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_last_step = step
    audit.record("two_factor.enable", user, f"user:{user.id}")
    return recovery_codes.replace_codes(user, user)


def record_sign_in(user: User) -> None:
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = utcnow()
    audit.record("login", user, f"user:{user.id}")
    db.session.flush()


def _end_sessions(user: User) -> None:
    """Every session (and remember cookie) of ``user`` stops at its next request: the user
    loader compares the epoch the session carries with this one."""
    user.session_epoch += 1


def record_sign_out(user: User) -> None:
    """Signing out ends every session of the user, so a copied cookie dies with it."""
    _end_sessions(user)
    audit.record("logout", user, f"user:{user.id}")
    db.session.flush()


def deactivate_user(user: User, actor) -> None:
    """Shut the account: its sessions end and its tokens stop working at once (401)."""
    if user.is_active_account:
        user.is_active_account = False
        _end_sessions(user)
        audit.record("user.deactivate", actor, f"user:{user.id}")
        db.session.flush()


def reactivate_user(user: User, actor) -> None:
    if not user.is_active_account:
        user.is_active_account = True
        audit.record("user.reactivate", actor, f"user:{user.id}")
        db.session.flush()


def set_language(user: User, language: str) -> None:
    user.language = language
    db.session.flush()


def set_timezone(user: User, zone: str) -> None:
    """The zone the user reads and enters times in: one of :data:`portal.core.timezones.ZONES`
    (422 otherwise)."""
    if not valid_zone(zone):
        message = _("Choose one of the time zones offered.")
        raise ValidationError(message, {"timezone": [message]})
    user.timezone = zone
    db.session.flush()


def set_password(user: User, password: str, actor) -> None:
    """Change the password and end every session of the user."""
    check_new_password(password)
    user.password_hash = passwords.hash_password(password)
    _end_sessions(user)
    user.failed_logins = 0
    user.locked_until = None
    audit.record("password.set", actor, f"user:{user.id}")
    db.session.flush()
