"""The public search page, and saving a search for its e-mail digest."""

from __future__ import annotations

import math

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from portal.core.errors import ValidationError
from portal.extensions import db
from portal.reference.models import TechnologyField
from portal.reference.queries import states
from portal.registry.labels import CLASSIFICATION_NAMES, KIND_NAMES
from portal.search import services
from portal.search.documents import MODELS
from portal.search.engine import SearchQuery, search
from portal.search.forms import SCHEDULE_NAMES, SaveSearchForm
from portal.search.highlight import highlight
from portal.search.kinds import KINDS, load_options, readable, unreadable
from portal.search.labels import labelled_facets, type_names

bp = Blueprint("search", __name__, url_prefix="/search")
PER_PAGE = 20
#: Saved searches consider this many results when remembering what the user has seen.
TEXT_LABELS = {"description": _l("About"), "offer": _l("Offers"), "need": _l("Needs"),
               "body": _l("Text")}


def _page_number() -> int:
    raw = request.args.get("page", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


@bp.get("")
def search_page():
    query = SearchQuery.from_params(request.args, page=_page_number(), per_page=PER_PAGE)
    searched = bool(query.params())
    result = search(readable(query, current_user))
    language = str(get_locale())
    form = None
    if current_user.is_authenticated and searched:
        form = SaveSearchForm(formdata=None, data=query.params())
    return render_template(
        "search/search.html", query=query, result=result, searched=searched, form=form,
        items=_items(result), facets=labelled_facets(result.facets, language),
        counts={name: dict(values) for name, values in result.facets.items()},
        text_labels=TEXT_LABELS,
        options=_options(language), pages=max(1, math.ceil(result.total / PER_PAGE)),
        link=lambda **changes: url_for("search.search_page", **{**query.params(), **changes}))


def _options(language: str) -> dict[str, list[tuple[str, str]]]:
    """The choices of each filter that does not depend on the result (value, label)."""
    fields = db.session.scalars(select(TechnologyField).order_by(TechnologyField.position))
    hidden = unreadable(current_user)
    types = {value: label for value, label in type_names().items() if value not in hidden}
    kinds = dict(KIND_NAMES)
    for name, kind in KINDS.items():
        if name not in hidden:
            kinds.update(kind.category_names)
    return {
        "type": [(value, str(label)) for value, label in types.items()],
        "state": [(state.code, state.name(language)) for state in states()],
        "kind": [(str(value), str(label)) for value, label in kinds.items()],
        "technology_field": [(field.key, field.name(language)) for field in fields],
        "classification": [(str(value), str(label)) for value, label in CLASSIFICATION_NAMES.items()],
    }


def _items(result) -> list[dict]:
    """What each hit shows: its profile (or what its registered kind shows of it), with the
    words the query matched marked."""
    loaded = {}
    for kind, model in MODELS.items():
        ids = [hit.object_id for hit in result.hits if hit.kind == kind]
        if ids:
            loaded[kind] = {row.id: row for row in db.session.scalars(
                select(model).where(model.id.in_(ids)).options(*load_options(kind)))}
    items = []
    for hit in result.hits:
        found = loaded.get(hit.kind, {}).get(hit.object_id)
        if found is None:
            continue
        item = (KINDS[hit.kind].page_item(found, current_user) if hit.kind in KINDS
                else _profile_item(hit.kind, found))
        items.append({
            **item, "hit": hit, "language": found.language,
            "name": highlight(item["name"], result.terms, limit=None),
            "texts": [(label, highlight(text, result.terms))
                      for label, text in item["texts"] if text],
        })
    return items


def _profile_item(kind: str, profile) -> dict:
    texts = [("description", profile.description or "")]
    texts += [("offer", text) for text in getattr(profile, "offers", None) or []]
    texts += [("need", text) for text in getattr(profile, "needs", None) or []]
    label = _("Cluster") if kind == "cluster" else KIND_NAMES.get(profile.kind, profile.kind)
    return {"name": profile.name, "texts": texts, "label": str(label), "link": None,
            "state": profile.state_code, "region": profile.region_code}


@bp.post("/saved")
@login_required
def save_search():
    form = SaveSearchForm()
    if not form.validate_on_submit():
        flash(_("Give the search a name to save it."), "error")
        return redirect(url_for("search.search_page", **form.params()))
    try:
        services.save_current_search(current_user, form.name.data, form.params(),
                                     form.schedule.data)
    except ValidationError as refused:
        db.session.rollback()
        flash(" ".join(m for messages in refused.fields.values() for m in messages), "error")
        return redirect(url_for("search.search_page", **form.params()))
    db.session.commit()
    flash(_("Search saved. New results will be sent to you by e-mail."), "info")
    return redirect(url_for("search.saved_searches"))


@bp.get("/saved")
@login_required
def saved_searches():
    return render_template("search/saved.html", saved=services.saved_searches_of(current_user),
                           schedules=SCHEDULE_NAMES)


@bp.post("/saved/<int:saved_id>/delete")
@login_required
def delete_saved_search(saved_id: int):
    services.delete_saved_search(saved_id, current_user)
    db.session.commit()
    flash(_("Saved search deleted."), "info")
    return redirect(url_for("search.saved_searches"))
