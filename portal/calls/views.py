"""The call pages: the public list and call page, and the secretariat's form to open a call."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.view_support import show_field_errors
from portal.calls import services
from portal.calls.actions import call_actions
from portal.calls.committed import envelope_rows
from portal.calls.forms import RULE_NAMES, CallForm
from portal.calls.permissions import may_manage_calls
from portal.calls.services import valid_timezone
from portal.core.db import utcnow
from portal.core.errors import ValidationError
from portal.core.permissions import page_requires
from portal.core.timezones import format_moment, reader_zone
from portal.extensions import db
from portal.registry.picker import prepare_pickers

bp = Blueprint("calls", __name__)
PER_PAGE = 20


@bp.app_template_global()
def call_times(moment: datetime, call) -> list[tuple[str, str]]:
    """``(text, note)``: ``moment`` in the call's zone, then in the reader's when it differs
    (noted as the reader's own time); each text names its zone."""
    times = [(format_moment(moment, call.timezone), "")]
    reader = reader_zone()
    if reader != call.timezone:
        times.append((format_moment(moment, reader), _("your time")))
    return times


@bp.app_template_global()
def decision_rule_name(rule: str) -> str:
    return str(RULE_NAMES.get(rule, rule))


@bp.get("/calls")
def calls():
    page = db.paginate(services.calls_query(), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    return render_template("calls/calls.html", page=page, now=utcnow(),
                           may_manage=may_manage_calls(current_user))


@bp.get("/calls/<int:call_id>")
def call(call_id: int):
    record, now = services.get_call(call_id), utcnow()
    return render_template("calls/call.html", call=record, now=now,
                           envelopes=envelope_rows(record) if record.envelopes else [],
                           actions=call_actions(current_user, record, now))


def _form_values(form: CallForm) -> dict:
    zone = form.timezone.data if valid_timezone(form.timezone.data) else "UTC"

    def aware(local: datetime | None):
        return None if local is None else local.replace(tzinfo=ZoneInfo(zone))

    criteria = [row.form.data for row in form.criteria if not row.form.is_blank()]
    return {
        "title": form.title.data, "description": form.description.data,
        "language": str(get_locale()) if str(get_locale()) in ("ru", "en") else "ru",
        "timezone": form.timezone.data, "opens_at": aware(form.opens_at.data),
        "closes_at": aware(form.closes_at.data),
        "technology_fields": form.technology_fields.data or [], "budget": form.budget.data,
        "currency": form.currency.data, "max_grant": form.max_grant.data,
        "min_cofinancing_rate": form.min_cofinancing_rate.data,
        "min_states": form.min_states.data, "requires_endorsement": form.requires_endorsement.data,
        "requires_consortium_agreement": form.requires_consortium_agreement.data,
        "national_envelopes": form.envelope_values() or None,
        "criteria": [{key: value for key, value in row.items() if key != "csrf_token"}
                     for row in criteria],
        "overall_threshold": form.overall_threshold.data,
        "experts_per_proposal": form.experts_per_proposal.data,
        "review_days": form.review_days.data, "decision_rule": form.decision_rule.data,
        "reporting_period_months": form.reporting_period_months.data,
    }


@bp.route("/calls/new", methods=["GET", "POST"])
@page_requires(may_manage_calls)
def new_call():
    form = CallForm()
    form.fill_choices()
    if not form.is_submitted():
        form.timezone.data = reader_zone()
    searched = prepare_pickers(form, current_user)
    if not searched and form.validate_on_submit():
        try:
            record = services.open_call(_form_values(form), current_user._get_current_object())
        except ValidationError as error:
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("The call is open for proposals."), "info")
            return redirect(url_for("calls.call", call_id=record.id))
    status = 422 if form.is_submitted() and not searched else 200
    return render_template("calls/call_form.html", form=form), status
