"""The public pages of funded projects: the list with its filters, a project's page and the
Atom feed of decisions and projects. No sign-in is needed; a partner's member or the
secretariat is also shown the way to the project's reporting workspace."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.db import utcnow
from portal.core.errors import ValidationError
from portal.extensions import db
from portal.projects import feed as atom
from portal.projects.filters import PROJECT_STATUSES, ProjectFilters, read_filters
from portal.projects.labels import report_status_name
from portal.projects.permissions import sees_reporting_workspace
from portal.projects.public_labels import describe_risk, percent
from portal.projects.queries import project_view, project_views, projects_query
from portal.proposals.labels import CLASSIFICATION_NAMES, status_name
from portal.proposals.listing import call_choices
from portal.reference.queries import localised, reference_names

bp = Blueprint("projects", __name__)

PER_PAGE = 20
#: The reporting workspace's page, which the reporting side of projects adds.
_WORDS = {"describe_risk": describe_risk, "percent": percent,
          "report_status_name": report_status_name, "project_status_name": status_name}


def _options() -> dict:
    names = reference_names()
    language = str(get_locale() or "en")
    return {
        "state_options": [(code, localised(n, language)) for code, n in names.states.items()],
        "field_options": [(key, localised(n, language))
                          for key, n in names.technology_fields.items()],
        "call_options": call_choices(),
        "classification_options": [(str(key), str(name))
                                   for key, name in CLASSIFICATION_NAMES.items()],
        "status_options": [(str(status), status_name(status)) for status in PROJECT_STATUSES],
        "risk_options": [("1", _("At risk")), ("0", _("Not at risk"))],
    }


@bp.get("/projects")
def projects():
    status, problems = 200, {}
    try:
        filters = read_filters(request.args)
    except ValidationError as error:
        filters, status, problems = ProjectFilters(), 422, error.fields
    now = utcnow()
    page = db.paginate(projects_query(filters, now),
                       page=max(1, request.args.get("page", 1, type=int)), per_page=PER_PAGE,
                       error_out=False)
    return render_template("projects/list.html", page=page,
                           views=project_views(list(page.items), now), filters=filters,
                           problems=problems, **_options(), **_WORDS), status


@bp.get("/projects/<int:project_id>")
def project(project_id: int):
    view = project_view(project_id, utcnow())
    if view is None:
        abort(404)
    workspace = sees_reporting_workspace(current_user, view.project)
    return render_template("projects/project.html", view=view, workspace=workspace, **_WORDS)


@bp.get("/projects/feed.atom")
def feed():
    return Response(atom.atom_feed(atom.feed_entries()),
                    content_type="application/atom+xml; charset=utf-8")
