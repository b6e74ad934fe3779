"""The partner-suggestions page of an organisation, linkable from its profile."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.extensions import db
from portal.matching.permissions import can_view_matches
from portal.matching.reasons import explain
from portal.matching.services import SCOPES, find_matches
from portal.reference.models import MemberState, Region
from portal.registry.models import Organisation

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
    partners = {o.id: o for o in db.session.scalars(db.select(Organisation).where(
        Organisation.id.in_([m.organisation_id for m in matches])))}
    rows = [(m, partners[m.organisation_id], explain(m)) for m in matches]
    return render_template(
        "matching/matches.html", organisation=organisation, rows=rows, scope=scope,
        scope_labels=SCOPE_LABELS, relation_labels=RELATION_LABELS,
        region=lambda code: db.session.get(Region, code),
        state=lambda code: db.session.get(MemberState, code))
