"""The JSON the pickers' combobox (``static/js/picker.js``) asks as one types: organisations or
clusters the signed-in user may see whose name contains ``q``. An interface endpoint of the
pages, not part of ``/api/v1``: its shape may change with the script."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.errors import error_response
from portal.reference import queries as reference
from portal.registry import picker
from portal.registry.models import Cluster, Organisation

bp = Blueprint("pick", __name__, url_prefix="/pick")


def _entry(profile: Organisation | Cluster) -> dict:
    kind = getattr(profile, "kind", None)
    return {"id": profile.id, "name": profile.name, "language": profile.language,
            "state": profile.state_code, "state_name": reference.state_name(profile.state_code),
            "region_name": reference.region_name(profile.region_code),
            "kind_name": picker.kind_name(kind) if kind else None}


def _answer(model: type[Organisation] | type[Cluster]):
    if not current_user.is_authenticated:
        return error_response(401, "unauthorized", _("Sign in to search."))
    text = (request.args.get("q") or "").strip()
    if problem := picker.query_problem(text):
        return error_response(400, "bad_request", problem)
    found, more = picker.find(model, current_user, text)
    summary = (picker.found_summary(model, len(found), more) if found
               else picker.nothing_found(model, text))
    response = jsonify(items=[_entry(profile) for profile in found], more=more, summary=summary)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/organisations")
def organisations():
    return _answer(Organisation)


@bp.get("/clusters")
def clusters():
    return _answer(Cluster)
