"""The secretariat's page of exchange rates: the stored rates, the latest first, and the form
to record one (the same service as the API's)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.view_support import show_field_errors
from portal.core.errors import ConflictError, ValidationError
from portal.core.permissions import page_requires
from portal.extensions import db
from portal.money import services
from portal.money.forms import RateForm
from portal.money.permissions import may_manage_rates

bp = Blueprint("money", __name__)
PER_PAGE = 50


def _page(form: RateForm, status: int = 200):
    page = db.paginate(services.rates_query(), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    return render_template("money/rates.html", form=form, page=page), status


@bp.get("/rates")
@page_requires(may_manage_rates)
def rates():
    return _page(RateForm())


@bp.post("/rates")
@page_requires(may_manage_rates)
def record_rate():
    form = RateForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    try:
        rate = services.record_rate(form.values(), current_user._get_current_object())
    except ValidationError as error:
        show_field_errors(form, error)
        return _page(form, 422)
    except ConflictError as error:
        form.on.errors = [*form.on.errors, error.message]
        return _page(form, 409)
    db.session.commit()
    flash(_("Recorded: one %(currency)s is %(rate)s %(quote)s from %(on)s.",
            currency=rate.currency, rate=rate.rate, quote=rate.quote, on=rate.on.isoformat()),
          "info")
    return redirect(url_for("money.rates"))
