"""Shared steps of the accounts and onboarding tests: signing in through the page, and reading
the links of the e-mail the portal wrote to the outbox."""

from __future__ import annotations

import itertools
import re

from sqlalchemy import select

from portal.extensions import db
from portal.notifications.models import OutboxMessage
from tests.factories import PASSWORD, make_user

_numbers = itertools.count(1)


def person(*roles: str, **fields):
    """A user whose address passes the sign-in form (``example.test``, the factory's default,
    is a special-use domain that the e-mail validator refuses)."""
    fields.setdefault("email", f"person{next(_numbers)}@example.com")
    return make_user(*roles, **fields)


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/sign-in", data={"email": email, "password": password})


def mails(template: str, recipient: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.template == template)
    if recipient:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def link_path(message: OutboxMessage, base_url: str = "http://127.0.0.1:5000") -> str:
    """The path of the first portal link in a message (the base URL is the test default)."""
    match = re.search(re.escape(base_url) + r"(/\S+)", message.body)
    assert match, f"no link in {message.template}: {message.body!r}"
    return match.group(1)


def main_text(response) -> str:
    """The page's main content, which differs between two answers only when they say different
    things (the header carries a fresh CSRF token each time)."""
    html = response.get_data(as_text=True)
    return html[html.index("<main"):html.index("</main>")]
