"""The partner-suggestions pages of an organisation and of a cluster, linkable from their
profiles."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.extensions import db
from portal.matching import digest
from portal.matching.clusters import (
    CLUSTER,
    cluster_suggestions,
    seeking_cluster,
)
from portal.matching.forms import OFF, DigestForm
from portal.matching.permissions import (
    can_view_cluster_matches,
    can_view_matches,
    may_subscribe_to_digest,
)
from portal.matching.reasons import explain, organisation_reader
from portal.matching.services import SCOPES, find_matches
from portal.registry.models import Organisation
from portal.registry.queries import states_of_clusters

bp = Blueprint("matching", __name__)

SCOPE_LABELS = {
    "other_states": _l("Other member states"),
    "cross_border": _l("Bordering regions only"),
    "all": _l("All member states, mine included"),
}
RELATION_LABELS = {
    "cross_border": _l("cross-border"), "transnational": _l("transnational"),
    "same_state": _l("same state"),
}


@bp.app_context_processor
def matching_template_globals():
    return {"can_view_matches": can_view_matches,
            "can_view_cluster_matches": can_view_cluster_matches}


@bp.get("/organisations/<int:organisation_id>/matches")
@login_required
def organisation_matches(organisation_id: int):
    organisation = db.session.get(Organisation, organisation_id)
    if not can_view_matches(current_user, organisation):
        abort(403)
    scope = request.args.get("scope", "other_states")
    if scope not in SCOPES:
        scope = "other_states"
    matches = find_matches(organisation_id, limit=20, scope=scope)
    reader = organisation_reader(current_user, organisation)
    partners = {o.id: o for o in db.session.scalars(db.select(Organisation).where(
        Organisation.id.in_([m.organisation_id for m in matches])))}
    rows = [(m, partners[m.organisation_id], explain(m, reader)) for m in matches]
    form = None
    if may_subscribe_to_digest(current_user, organisation):
        subscription = digest.subscription_of(current_user, organisation_id)
        form = DigestForm(schedule=subscription.schedule if subscription else OFF)
    return render_template(
        "matching/matches.html", organisation=organisation, rows=rows, scope=scope, form=form,
        scope_labels=SCOPE_LABELS, relation_labels=RELATION_LABELS)


@bp.post("/organisations/<int:organisation_id>/matches/digest")
@login_required
def match_digest(organisation_id: int):
    """Subscribe to, reschedule or stop the digest of an organisation's new suggestions."""
    organisation = db.session.get(Organisation, organisation_id)
    if not may_subscribe_to_digest(current_user, organisation):
        abort(403)
    form = DigestForm()
    if not form.validate_on_submit():
        abort(400)
    if form.schedule.data == OFF:
        digest.unsubscribe_from_digest(organisation_id, current_user)
        message = _("You will no longer receive new partner suggestions by e-mail.")
    else:
        digest.subscribe_to_digest(organisation_id, form.schedule.data, current_user)
        message = _("You will receive new partner suggestions by e-mail.")
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("matching.organisation_matches", organisation_id=organisation_id))


@bp.get("/clusters/<int:cluster_id>/matches")
@login_required
def cluster_matches(cluster_id: int):
    """Organisations and other clusters for a cluster, as ``GET /api/v1/clusters/{id}/matches``
    gives them, with the same access."""
    cluster = seeking_cluster(cluster_id, current_user)
    scope = request.args.get("scope", "other_states")
    if scope not in SCOPES:
        scope = "other_states"
    rows = cluster_suggestions(cluster, limit=20, scope=scope)
    states = states_of_clusters([s.cluster.id for s, _o, _r in rows if s.kind == CLUSTER])
    return render_template(
        "matching/cluster_matches.html", cluster=cluster, rows=rows, states=states, scope=scope,
        scope_labels=SCOPE_LABELS, relation_labels=RELATION_LABELS)
