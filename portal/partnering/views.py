"""The ad pages: the list, an ad, posting and editing, one's own ads, interests received and
sent. Each view checks who may act before it loads anything, calls one service, commits once."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from portal.accounts.forms import ConfirmForm
from portal.accounts.view_support import show_field_errors
from portal.core.errors import ConflictError, PermissionDenied, ValidationError
from portal.core.permissions import page_requires
from portal.extensions import db
from portal.matching.views import RELATION_LABELS
from portal.partnering import permissions, queries, services
from portal.partnering.forms import (
    AdFilterForm,
    AdForm,
    EditAdForm,
    InterestForm,
)
from portal.partnering.labels import AD_STATUS_NAMES, INTEREST_STATUS_NAMES, KIND_NAMES
from portal.partnering.matches import ad_suggestions
from portal.partnering.models import AdStatus, ExpressionOfInterest, InterestStatus
from portal.partnering.reader_view import AdView, ad_view
from portal.reference import queries as reference
from portal.registry.queries import organisations_of as my_organisations

bp = Blueprint("partnering", __name__)
PER_PAGE = 20
acts_for_an_organisation = page_requires(permissions.acts_for_an_organisation)
bp.add_app_template_global(permissions.can_change_ad)
bp.add_app_template_global(permissions.can_renew_ad)
bp.add_app_template_global(permissions.can_withdraw_ad)
#: The sections other features add to an interest's page, by name (in ``app.extensions``).
INTEREST_SECTIONS = "partnering.interest_sections"


@dataclass(frozen=True)
class Section:
    """A part of a page that another feature adds: its template (included in the page, where
    it reads ``section.values``, ``interest`` and the page's other values) and its values."""

    template: str
    values: dict


InterestSection = Callable[[ExpressionOfInterest, object], Section]


def add_interest_section(app, name: str, section: InterestSection) -> None:
    """Show ``section(interest, reader)`` on the page of an expression of interest, below the
    contact details: how a feature above partnering (a joint proposal started from the
    interest) adds to the page from its ``init_app``."""
    app.extensions.setdefault(INTEREST_SECTIONS, {})[name] = section


@bp.app_template_global()
def ad_kind_name(kind: str) -> str:
    return str(KIND_NAMES.get(kind, kind))


bp.add_app_template_global(permissions.can_see_ad_matches, "can_see_ad_matches")


@bp.app_template_global()
def ad_status_name(status: str) -> str:
    return str(AD_STATUS_NAMES.get(status, status))


@bp.app_template_global()
def interest_status_name(status: str) -> str:
    return str(INTEREST_STATUS_NAMES.get(status, status))


@bp.app_template_global()
def state_name(code: str) -> str:
    return reference.state_name(code)


@bp.app_template_global()
def field_name(field) -> str:
    return field.name(str(get_locale()))


def _user():
    return current_user._get_current_object()


def _view_of(ad) -> AdView:
    """The signed-in reader's view of ``ad``, for a page that lists ads."""
    return ad_view(ad, current_user)


@dataclass
class RankedPage:
    """One page of ads found by words, best first, shaped for the pager as a database page is;
    ``total`` is a lower bound when ``total_exact`` is false (as the search counts it)."""

    items: list
    total: int
    page: int
    per_page: int
    total_exact: bool = True

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int:
        return self.page + 1


@bp.get("/ads")
@login_required
def ads():
    """The active ads, newest first; with words (``q``), best first by the portal's
    cross-lingual search (:func:`queries.found_ads`, the API's rule too): an ad is found by its
    words once the worker has indexed it, moments after it is posted or changed."""
    form = AdFilterForm(formdata=request.args)
    form.fill_choices()
    filters = queries.AdFilters()
    if form.validate():
        filters = queries.AdFilters(q=form.q.data, kind=form.kind.data or None,
                                    state=form.state.data or None,
                                    technology_field=form.technology_field.data or None)
    number = max(1, request.args.get("page", 1, type=int))
    if (filters.q or "").strip():
        found = queries.found_ads(filters, number, PER_PAGE)
        page = RankedPage([ad for ad, score in found.items], found.total, number, PER_PAGE,
                          found.total_exact)
    else:
        page = db.paginate(queries.ads_query(filters), page=number, per_page=PER_PAGE,
                           error_out=False)
    args = {key: value for key, value in request.args.items() if key not in ("page", "submit")}
    return render_template("partnering/ads.html", form=form, page=page, args=args,
                           total_exact=getattr(page, "total_exact", True),
                           can_post=permissions.acts_for_an_organisation(current_user),
                           view_of=_view_of)


@bp.route("/ads/new", methods=["GET", "POST"])
@acts_for_an_organisation
def new_ad():
    organisations = my_organisations(current_user)
    form = AdForm()
    form.fill_choices(organisations)
    if not form.is_submitted() and organisations:
        form.language.data = organisations[0].language
    if form.validate_on_submit():
        try:
            ad = services.post_ad(
                organisation_id=form.organisation_id.data, kind=form.kind.data,
                title=form.title.data, body=form.body.data, language=form.language.data,
                technology_fields=form.technology_fields.data or [],
                anonymous=form.anonymous.data, actor=_user())
        except ValidationError as error:
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("Your ad is posted. It runs for 12 months; you can renew it."), "info")
            return redirect(url_for("partnering.ad", ad_id=ad.id))
    status = 422 if form.is_submitted() else 200
    return render_template("partnering/ad_form.html", form=form, ad=None), status


def _interest_form(ad) -> InterestForm | None:
    """The form to express interest, for the reader's organisations that have no open one."""
    allowed = set(permissions.interest_organisations(current_user, ad))
    choices = [SelectChoice(o.id, o.name) for o in my_organisations(current_user)
               if o.id in allowed and services.open_interest(ad.id, o.id) is None]
    if not choices:
        return None
    form = InterestForm()
    form.organisation_id.choices = choices
    return form


def _render_ad(ad, interest_form=None, status: int = 200):
    mine = permissions.organisation_ids(current_user)
    interests = queries.interests_of_ad(ad)
    owns = permissions.owns_ad(current_user, ad)
    return render_template(
        "partnering/ad.html", ad=ad, view=ad_view(ad, current_user), owns=owns,
        received=interests if owns else [],
        own_interests=[i for i in interests if i.organisation_id in mine and not owns],
        interest_form=interest_form if interest_form is not None else _interest_form(ad),
        confirm=ConfirmForm(), following=services.is_following(ad, current_user),
        suggestions=(ad_suggestions(ad, current_user) if ad.status == AdStatus.ACTIVE
                     and permissions.can_see_ad_matches(current_user, ad) else []),
        relation_labels=RELATION_LABELS, active=AdStatus.ACTIVE, withdrawn=AdStatus.WITHDRAWN), status


@bp.get("/ads/<int:ad_id>")
@login_required
def ad(ad_id: int):
    return _render_ad(services.visible_ad(ad_id, _user()))


@bp.route("/ads/<int:ad_id>/edit", methods=["GET", "POST"])
@acts_for_an_organisation
def edit_ad(ad_id: int):
    record = services.visible_ad(ad_id, _user())
    if not permissions.owns_ad(current_user, record):
        raise PermissionDenied(_("Only members of the organisation that posted the ad may do this."))
    form = EditAdForm(obj=None if request.method == "POST" else record)
    form.fill_choices()
    if request.method == "GET":
        form.technology_fields.data = [f.key for f in record.technology_fields]
    if form.validate_on_submit():
        try:
            services.update_ad(record.id, _user(), version=int(form.version.data or 0),
                               kind=form.kind.data, title=form.title.data, body=form.body.data,
                               language=form.language.data, anonymous=bool(form.anonymous.data),
                               technology_fields=form.technology_fields.data or [])
        except ValidationError as error:
            show_field_errors(form, error)
        except ConflictError as error:
            flash(error.message, "error")
            return redirect(url_for("partnering.ad", ad_id=record.id))
        else:
            db.session.commit()
            flash(_("The ad is saved; its followers are told."), "info")
            return redirect(url_for("partnering.ad", ad_id=record.id))
    status = 422 if form.is_submitted() else 200
    return render_template("partnering/ad_form.html", form=form, ad=record), status


def _confirmed(service, object_id: int, done: str, back: str):
    """Run a one-button service on ``object_id`` (its form carries only the CSRF token), commit,
    say what happened, and go back to ``back``; a conflict with the current state is shown."""
    if ConfirmForm().validate_on_submit():
        try:
            service(object_id, _user())
        except ConflictError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(done, "info")
    return redirect(back)


def _confirmed_action(ad_id: int, service, done: str):
    return _confirmed(service, ad_id, done, url_for("partnering.ad", ad_id=ad_id))


@bp.post("/ads/<int:ad_id>/renew")
@acts_for_an_organisation
def renew_ad(ad_id: int):
    return _confirmed_action(ad_id, services.renew_ad, _("The ad is renewed for 12 months."))


@bp.post("/ads/<int:ad_id>/withdraw")
@acts_for_an_organisation
def withdraw_ad(ad_id: int):
    return _confirmed_action(ad_id, services.withdraw_ad, _("The ad is withdrawn."))


@bp.post("/ads/<int:ad_id>/follow")
@login_required
def follow_ad(ad_id: int):
    return _confirmed_action(ad_id, services.follow_ad,
                             _("You will hear by e-mail when this ad changes."))


@bp.post("/ads/<int:ad_id>/unfollow")
@login_required
def unfollow_ad(ad_id: int):
    return _confirmed_action(ad_id, services.unfollow_ad, _("You no longer follow this ad."))


@bp.post("/ads/<int:ad_id>/interest")
@acts_for_an_organisation
def express_interest(ad_id: int):
    record = services.visible_ad(ad_id, _user())
    form = _interest_form(record)
    if form is None:
        flash(_("Your organisations cannot express interest in this ad."), "error")
        return redirect(url_for("partnering.ad", ad_id=record.id))
    if form.validate_on_submit():
        try:
            interest = services.express_interest(record.id, form.organisation_id.data,
                                                 form.message.data, _user())
        except ValidationError as error:
            show_field_errors(form, error)
        except ConflictError as error:
            flash(error.message, "error")
            return redirect(url_for("partnering.ad", ad_id=record.id))
        else:
            db.session.commit()
            flash(_("Your interest is sent. You will hear by e-mail when the author answers."),
                  "info")
            return redirect(url_for("partnering.interest", interest_id=interest.id))
    return _render_ad(record, interest_form=form, status=422)


@bp.get("/my-ads")
@acts_for_an_organisation
def my_ads():
    filters = queries.AdFilters(status=None,
                                organisation_ids=tuple(permissions.organisation_ids(current_user)))
    page = db.paginate(queries.ads_query(filters), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    return render_template("partnering/my_ads.html", page=page, confirm=ConfirmForm(),
                           view_of=_view_of,
                           withdrawn=AdStatus.WITHDRAWN)


@bp.get("/interests")
@acts_for_an_organisation
def interests():
    mine = permissions.organisation_ids(current_user)
    received = db.session.scalars(queries.interests_received(mine).limit(100)).all()
    sent = db.session.scalars(queries.interests_sent(mine).limit(100)).all()
    return render_template("partnering/interests.html", received=received, sent=sent,
                           confirm=ConfirmForm(), pending=InterestStatus.PENDING,
                           view_of=_view_of)


def render_interest(record, status: int = 200, **made: Section):
    """The page of an expression of interest with the sections other features add to it;
    ``made``: a section its feature has already made, by name (its form sent back with its
    errors)."""
    sections = {name: section(record, current_user)
                for name, section in current_app.extensions.get(INTEREST_SECTIONS, {}).items()}
    sections.update(made)
    return render_template(
        "partnering/interest.html", interest=record,
        view=ad_view(record.ad, current_user),
        can_answer=(permissions.can_answer_interest(current_user, record)
                    and record.status == InterestStatus.PENDING),
        contacts=(services.contacts(record)
                  if permissions.can_see_contacts(current_user, record) else None),
        sections=list(sections.values()), confirm=ConfirmForm()), status


@bp.get("/interests/<int:interest_id>")
@acts_for_an_organisation
def interest(interest_id: int):
    return render_interest(services.visible_interest(interest_id, _user()))


def _answer(interest_id: int, service, done: str):
    return _confirmed(service, interest_id, done,
                      url_for("partnering.interest", interest_id=interest_id))


@bp.post("/interests/<int:interest_id>/accept")
@acts_for_an_organisation
def accept_interest(interest_id: int):
    return _answer(interest_id, services.accept_interest,
                   _("Accepted: you can now see each other's contact details."))


@bp.post("/interests/<int:interest_id>/decline")
@acts_for_an_organisation
def decline_interest(interest_id: int):
    return _answer(interest_id, services.decline_interest, _("Declined. The sender is told."))
