"""Helpers for permission predicates: a page decorator that asks a predicate about the user.

Each feature keeps its predicates (``can_…(user, …)``) in its own ``permissions.py``; pages, the
API and templates call the same predicate, so that a rule is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def signed_in(user) -> bool:
    """Whether ``user`` is someone signed in (not a visitor, not nobody)."""
    return bool(user and getattr(user, "is_authenticated", False))


def has_any_role(user, *roles) -> bool:
    """Whether a signed-in ``user`` holds one of ``roles`` (any scope)."""
    return signed_in(user) and any(user.has_role(role) for role in roles)


def page_requires(predicate: Callable[[object], bool]) -> Callable:
    """Sign-in required (redirect), then ``predicate(current_user)`` or 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator
