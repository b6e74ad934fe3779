"""Funded projects in the JSON API (API.md "Funded projects"): public, no token needed."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from portal.core.api import bp, paginate
from portal.core.db import utcnow
from portal.core.errors import NotFound
from portal.projects.filters import read_filters
from portal.projects.public_json import project_detail_json, project_json
from portal.projects.queries import project_view, project_views, projects_query


@bp.get("/projects")
def list_projects():
    """The funded projects, newest first.
    ---
    get:
      summary: Funded projects with their partners, grant, indicators and risk (public)
      tags: [projects]
      security: []
      parameters:
        - {name: state, in: query, schema: {type: string}, description: "a partner's member state"}
        - {name: technology_field, in: query, schema: {type: string}}
        - {name: call_id, in: query, schema: {type: integer}}
        - {name: classification, in: query,
           schema: {type: string, enum: [cross_border, transnational, national]}}
        - {name: status, in: query, schema: {type: string, enum: [in_implementation, completed]}}
        - {name: at_risk, in: query, schema: {type: string, enum: ["1", "0"]}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200: {description: "items {id, proposal_id, acronym, title, status, classification,
          states, partners: [{organisation_id, name, state, region}], grant, currency,
          decision_number, indicators: [{id, name, unit, baseline, target, latest_value,
          progress}], at_risk, ip: {patents_filed, licences_granted}}; money and progress are
          decimal strings; ip gives the counts of the latest accepted reports (null while
          none states them)"}
        422: {description: "an unknown filter value"}
    """
    now = utcnow()
    query = projects_query(read_filters(request.args), now)
    return paginate(query, None,
                    lambda rows: [project_json(view) for view in project_views(rows, now)])


@bp.get("/projects/<int:project_id>")
def get_project(project_id: int):
    """One funded project.
    ---
    get:
      summary: A funded project with its periods, accepted reports' summaries, milestones and
        why it is at risk (public)
      tags: [projects]
      security: []
      parameters:
        - {name: project_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the list's fields and reports [{id, period_number, summary,
          accepted_at}], periods [{id, number, starts_on, ends_on, due_on, final,
          report_status}], milestones, border_pairs, at_risk_reasons [{code, message, ...}],
          decision {id, number}"}
        404: {description: "no such project"}
    """
    view = project_view(project_id, utcnow())
    if view is None:
        raise NotFound(_("There is nothing here."))
    return project_detail_json(view)
