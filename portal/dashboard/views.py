"""The public home page and the signed-in user's dashboard."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from portal.accounts.roles import Role
from portal.core.db import utcnow
from portal.council.permissions import is_council
from portal.dashboard import queries
from portal.dashboard.navigation import nav_items, public_nav_items
from portal.extensions import db
from portal.matching.refine import refinement
from portal.projects.public_labels import describe_risk
from portal.reference.queries import reference_names, state_name, states
from portal.registry.models import Cluster, Organisation, ProfileStatus
from portal.registry.queries import members_per_state
from portal.review.permissions import is_secretariat, is_staff
from portal.statistics import links, pipeline, role_figures
from portal.statistics.charts import stacked_bar_chart

bp = Blueprint("dashboard", __name__)


@bp.app_context_processor
def navigation():
    return {"nav_items": nav_items(), "public_nav_items": public_nav_items()}


@bp.get("/")
def home():
    published = db.session.scalar(select(func.count(Organisation.id))
                                  .where(Organisation.status == ProfileStatus.PUBLISHED))
    clusters = db.session.scalar(select(func.count(Cluster.id)))
    locale = str(get_locale() or "en")
    cooperation = links.cooperation_map(locale)
    return render_template("dashboard/home.html", states=states(),
                           published=published or 0, clusters=clusters or 0,
                           cooperation=cooperation,
                           cooperation_chart=links.map_chart(cooperation, locale))


@bp.get("/dashboard")
@login_required
def dashboard():
    now = utcnow()
    tasks, total = queries.tasks_of(current_user, now)
    clusters = queries.my_clusters(current_user)
    return render_template(
        "dashboard/dashboard.html", tasks=tasks, task_total=total, now=now,
        waiting=queries.waiting_for(current_user),
        organisations=queries.my_organisations(current_user),
        clusters=clusters, **_cluster_figures(clusters),
        member_count=queries.cluster_member_count,
        **_figures(current_user),
        at_risk=queries.projects_at_risk(current_user, now), describe_risk=describe_risk,
    )


def _cluster_figures(clusters: list[Cluster]) -> dict:
    """A cluster manager's clusters, each with its members per member state, as a chart and
    the rows of its table (``(cluster, {state: members})``)."""
    if not clusters:
        return {}
    locale = str(get_locale() or "en")
    counts = members_per_state(cluster.id for cluster in clusters)
    rows = [(cluster, counts.get(cluster.id, {})) for cluster in clusters]
    series = [(code, state_name(code, locale)) for code in reference_names().states]
    return {"cluster_rows": rows,
            "cluster_series": [(code, name) for code, name in series
                               if any(members.get(code) for _cluster, members in rows)],
            "clusters_chart": stacked_bar_chart(
                "chart-my-clusters", _("Members of my clusters per member state"), series,
                [(cluster.name, members) for cluster, members in rows], locale)}


def _figures(user) -> dict:
    """The secretariat's pipeline and the council's outcomes, each with its chart; for the
    secretariat and administrators, how far the matcher's slow encoder has caught up; and the
    figures of the contact points, co-funders and experts (:mod:`portal.statistics.role_figures`)."""
    locale, figures = str(get_locale() or "en"), {}
    if is_staff(user):
        figures.update(refinement=refinement())
    if is_secretariat(user):
        lines = pipeline.pipeline()
        figures.update(pipeline=lines, pipeline_chart=pipeline.pipeline_chart(lines, locale),
                       status_series=pipeline.status_series())
    if is_council(user):
        lines = pipeline.outcomes()
        figures.update(outcomes=lines, outcomes_chart=pipeline.outcomes_chart(lines, locale),
                       outcome_series=pipeline.outcome_series())
    figures.update(_role_figures(user, locale))
    return figures


def _role_figures(user, locale: str) -> dict:
    figures: dict = {}
    if states := user.scopes(Role.CONTACT_POINT):
        lines = role_figures.profiles(states)
        figures.update(profiles=lines, profiles_chart=role_figures.profiles_chart(lines, locale),
                       profile_series=role_figures.profile_series())
    if funders := user.scopes(Role.CO_FUNDER):
        rows = role_figures.envelopes(int(scope) for scope in funders)
        figures.update(envelopes=rows,
                       envelope_charts=role_figures.envelope_charts(rows, locale))
    if user.has_role(Role.EXPERT):
        rows = role_figures.assignments(user.id)
        figures.update(assignments=rows,
                       assignments_chart=role_figures.assignments_chart(rows, locale))
    return figures
