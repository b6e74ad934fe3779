"""The statistics in the JSON API (API.md "Funded projects"): public, no token."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import get_locale

from portal.core.api import bp
from portal.statistics import figures
from portal.statistics.filters import call_filter


def _money(amount) -> str:
    return f"{amount:.2f}"


def _row(row: figures.Row, key_name: str) -> dict:
    return {key_name: row.key, "name": row.name, "proposals": row.proposals,
            "eligible": row.eligible, "approved": row.approved, "partners": row.partners,
            "grant": _money(row.grant),
            "unconverted": [{"currency": currency, "amount": _money(amount)}
                            for currency, amount in row.unconverted.items()]}


def _call_row(row: figures.Row) -> dict:
    return {**_row(row, "call_id"), "title": row.name, "call_currency": row.call_currency,
            "grant_in_call_currency": _money(row.grant_in_call_currency),
            "envelopes": [{"state": e["state"], "amount": _money(e["amount"]),
                           "currency": e["currency"], "committed": _money(e["committed"]),
                           "remaining": _money(e["remaining"])} for e in row.envelopes]}


def statistics_json(stats: figures.Statistics) -> dict:
    return {
        "currency": stats.currency,
        "call_id": stats.call_id,
        "by_state": [_row(row, "state") for row in stats.by_state],
        "by_technology_field": [_row(row, "technology_field")
                                for row in stats.by_technology_field],
        "by_cluster": [_row(row, "cluster_id") for row in stats.by_cluster],
        "by_call": [_call_row(row) for row in stats.by_call],
        "classification": stats.classification,
        "three_state": stats.three_state,
        "clusters": stats.clusters,
        "state_pairs": [{"states": list(states), "projects": projects}
                        for states, projects in stats.state_pairs],
        "unconverted": [{"currency": item.currency, "amount": _money(item.amount),
                         "projects": item.projects} for item in stats.unconverted],
        "ip": {"patents_filed": stats.ip.patents_filed,
               "licences_granted": stats.ip.licences_granted},
    }


@bp.get("/statistics")
def get_statistics():
    """What the council funds, in figures.
    ---
    get:
      summary: Statistics per member state, technology field, cluster and call (public)
      description: |
        Proposals submitted, eligible and approved, partners of approved proposals and grants
        of funded projects, per state (a proposal counts for each of its partners' states),
        technology field, published cluster and call; projects per classification, with three
        states or more, and per pair of states; published clusters per classification
        (`clusters`, whatever the call). Grants are converted into `currency` at the
        rate in force on each agreement's day; a grant with no rate is left out of `grant` and
        listed under `unconverted` in its own currency.
      tags: [statistics]
      security: []
      parameters:
        - {name: call, in: query, schema: {type: integer}, description: "one call only"}
      responses:
        200: {description: "{currency, call_id, by_state: [{state, name, proposals, eligible,
                            approved, partners, grant, unconverted}], by_technology_field: [...],
                            by_cluster: [...], by_call: [{call_id, title, ..., call_currency,
                            grant_in_call_currency, envelopes: [{state, amount, currency,
                            committed, remaining}]}], classification: {cross_border,
                            transnational, national}, three_state, state_pairs: [{states,
                            projects}], clusters: {cross_border, transnational, national},
                            unconverted: [{currency, amount, projects}],
                            ip: {patents_filed, licences_granted}}; amounts are strings with
                            two decimals; ip sums the funded projects' latest accepted
                            reports"}
        422: {description: "call is not the id of a call"}
    """
    call_id = call_filter(request.args.get("call"))
    stats = figures.compute(current_app.config["STATISTICS_CURRENCY"], call_id,
                            str(get_locale() or "en"))
    return statistics_json(stats)
