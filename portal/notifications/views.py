"""The outbox page: every e-mail the portal has written, for the administrator. In the embedded
default no SMTP server is configured, so this is where a newcomer reads the mail."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from portal.core.permissions import page_requires
from portal.extensions import db
from portal.notifications.labels import STATUS_NAMES, status_name
from portal.notifications.models import OutboxMessage
from portal.notifications.permissions import can_read_outbox

bp = Blueprint("notifications", __name__, url_prefix="/admin/outbox")
bp.add_app_template_global(status_name, "outbox_status_name")


@bp.get("/")
@page_requires(can_read_outbox)
def outbox():
    page = request.args.get("page", 1, type=int)
    messages = db.paginate(select(OutboxMessage).order_by(OutboxMessage.id.desc()),
                           page=page, per_page=25, error_out=False)
    return render_template("notifications/outbox.html", messages=messages,
                           logged=STATUS_NAMES["logged"])


@bp.get("/<int:message_id>")
@page_requires(can_read_outbox)
def message(message_id: int):
    return render_template("notifications/message.html", message=db.get_or_404(OutboxMessage, message_id))
