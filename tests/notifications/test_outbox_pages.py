"""The administrator's outbox names each message's state and language in words, not by the
keys the worker stores."""

from __future__ import annotations

from flask_babel import force_locale

from portal.extensions import db
from portal.notifications.labels import STATUS_NAMES
from portal.notifications.models import MessageStatus
from portal.notifications.services import queue_mail
from tests.factories import make_user
from tests.pages import signed_in


def test_the_outbox_names_a_logged_message_by_its_label_in_the_readers_language(app, session):
    admin = make_user("admin", with_totp=True, language="ru")
    with app.test_request_context():
        message = queue_mail("someone@example.org", "password_reset", "ru",
                             user=admin, link="https://portal.example/reset/abc")
    message.status = MessageStatus.LOGGED
    db.session.commit()
    client = signed_in(app, admin, "ru")
    listing = client.get("/admin/outbox/").get_data(as_text=True)
    shown = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    with force_locale("ru"):
        label = str(STATUS_NAMES[MessageStatus.LOGGED])
    assert f"<td>{label}</td>" in listing and f"<dd>{label}</dd>" in shown
    assert "<td>logged</td>" not in listing and "<dd>logged</dd>" not in shown
    assert "<dd>Русский</dd>" in shown and "<dd>ru</dd>" not in shown
