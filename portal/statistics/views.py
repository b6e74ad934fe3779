"""The public statistics page: the figures of :mod:`portal.statistics.figures`, each breakdown
as a chart drawn on the server beside a table of the same figures."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, current_app, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from portal.proposals.labels import CLASSIFICATION_NAMES
from portal.reference.queries import state_name
from portal.registry.labels import CLASSIFICATION_NAMES as CLUSTER_CLASSIFICATION_NAMES
from portal.statistics import figures
from portal.statistics.charts import bar_chart
from portal.statistics.filters import call_choices, call_filter

bp = Blueprint("statistics", __name__)

#: Most bars of a chart whose rows grow (clusters, calls, pairs); the table has every row.
CHART_BARS = 15


def _totals(stats: figures.Statistics) -> dict:
    """The whole of the figures: each proposal and project has one call, so the calls add up."""
    return {"proposals": sum(row.proposals for row in stats.by_call),
            "eligible": sum(row.eligible for row in stats.by_call),
            "approved": sum(row.approved for row in stats.by_call),
            "partners": sum(row.partners for row in stats.by_call),
            "projects": sum(stats.classification.values()),
            "grant": sum((row.grant for row in stats.by_call), Decimal(0))}


def _charts(stats: figures.Statistics, locale: str) -> dict:
    currency = stats.currency
    return {
        "states": bar_chart(
            "chart-states", _("Proposals submitted per member state"),
            [(row.name, row.proposals) for row in stats.by_state], locale),
        "state_grants": bar_chart(
            "chart-state-grants", _("Grants per member state, in %(currency)s",
                                    currency=currency),
            [(row.name, row.grant) for row in stats.by_state], locale, places=0),
        "fields": bar_chart(
            "chart-fields", _("Proposals submitted per technology field"),
            [(row.name, row.proposals) for row in stats.by_technology_field if row.proposals],
            locale),
        "clusters": bar_chart(
            "chart-clusters", _("Proposals submitted per cluster"),
            [(row.name, row.proposals) for row in stats.by_cluster[:CHART_BARS]], locale),
        "calls": bar_chart(
            "chart-calls", _("Proposals submitted per call"),
            [(row.name, row.proposals) for row in stats.by_call[:CHART_BARS]], locale),
        "classification": bar_chart(
            "chart-classification", _("Projects per kind of cooperation"),
            [*((str(CLASSIFICATION_NAMES[kind]), number)
               for kind, number in stats.classification.items()),
             (_("Three states or more (Eurasian programme)"), stats.three_state)], locale),
        "clusters_by_classification": bar_chart(
            "chart-cluster-classification", _("Published clusters per kind of cluster"),
            [(str(CLUSTER_CLASSIFICATION_NAMES[kind]), number)
             for kind, number in stats.clusters.items()], locale),
        "pairs": bar_chart(
            "chart-pairs", _("Projects per pair of member states"),
            [(f"{state_name(a, locale)} – {state_name(b, locale)}", number)
             for (a, b), number in stats.state_pairs[:CHART_BARS]], locale),
    }


@bp.get("/statistics")
def statistics():
    call_id = call_filter(request.args.get("call"))
    locale = str(get_locale() or "en")
    stats = figures.compute(current_app.config["STATISTICS_CURRENCY"], call_id, locale)
    return render_template("statistics/statistics.html", stats=stats, totals=_totals(stats),
                           charts=_charts(stats, locale), calls=call_choices(),
                           classification_names=CLASSIFICATION_NAMES)
