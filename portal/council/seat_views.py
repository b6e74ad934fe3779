"""The council seats page: who holds each seat of each state, and naming a seat's titular
(the secretariat and administrators), by :func:`portal.council.seats.assign_seat`."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.forms import ConfirmForm
from portal.accounts.models import User
from portal.core.errors import PortalError
from portal.core.permissions import page_requires
from portal.core.request_input import MAX_ID, whole_number
from portal.council import permissions, seats
from portal.council.views import bp
from portal.extensions import db
from portal.reference.queries import state_name


@bp.get("/council/seats")
@page_requires(permissions.can_manage_seats)
def council_seats():
    return render_template("council/seats.html", seats=seats.seats_overview(),
                           form=ConfirmForm())


@bp.post("/council/seats/<state>/<int:number>")
@page_requires(permissions.can_manage_seats)
def assign_council_seat(state: str, number: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    raw = request.form.get("titular", "")
    titular = None
    if raw:
        user_id = whole_number(raw, MAX_ID)
        titular = db.session.get(User, user_id) if user_id else None
        if titular is None:
            abort(400)
    try:
        seats.assign_seat(state.upper(), number, titular, current_user._get_current_object())
    except PortalError as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Seat %(number)d of %(state)s: saved.", number=number,
                state=state_name(state.upper())), "info")
    return redirect(url_for("council.council_seats"))
