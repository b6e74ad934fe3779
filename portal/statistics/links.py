"""The member states, their clusters and the cross-border links between them: the figures of
the home page's picture, counted here and nowhere else.

- **clusters** of a state: the published clusters based there (their coordinator's state).
- a **link** between two states: the published clusters with members in both (the cluster's
  own state counts as one of its states, :func:`portal.registry.queries.states_of_clusters`),
  and the funded projects with partners from both
  (:func:`portal.statistics.figures.project_state_pairs`). Its weight is the sum of the two.

Four statements, however many clusters and projects there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup
from sqlalchemy import func, select

from portal.extensions import db
from portal.reference.queries import reference_names, state_name
from portal.registry.models import Cluster, ProfileStatus
from portal.registry.queries import states_of_clusters
from portal.statistics.charts import network_chart
from portal.statistics.figures import project_state_pairs


@dataclass(frozen=True)
class StateNode:
    code: str
    name: str
    clusters: int


@dataclass(frozen=True)
class StateLink:
    """Two states (codes in alphabetical order) and what links them."""

    first: str
    second: str
    first_name: str
    second_name: str
    clusters: int
    projects: int

    @property
    def weight(self) -> int:
        return self.clusters + self.projects


@dataclass(frozen=True)
class CooperationMap:
    states: list[StateNode]
    #: Every pair of states with at least one link, heaviest first.
    links: list[StateLink]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _clusters_per_state() -> dict[str, int]:
    return {code: number for code, number in db.session.execute(
        select(Cluster.state_code, func.count(Cluster.id))
        .where(Cluster.status == ProfileStatus.PUBLISHED)
        .group_by(Cluster.state_code))}


def _clusters_per_pair() -> dict[tuple[str, str], int]:
    published = db.session.scalars(select(Cluster.id).where(
        Cluster.status == ProfileStatus.PUBLISHED)).all()
    counts: dict[tuple[str, str], int] = {}
    for states in (states_of_clusters(published).values() if published else ()):
        for a, b in combinations(states, 2):
            counts[_pair(a, b)] = counts.get(_pair(a, b), 0) + 1
    return counts


def cooperation_map(language: str | None = None) -> CooperationMap:
    """The states in their reference order, names in ``language``, and the links between them."""
    codes = list(reference_names().states)
    per_state = _clusters_per_state()
    clusters = _clusters_per_pair()
    projects = dict(project_state_pairs())
    names = {code: state_name(code, language) for code in codes}
    links = [StateLink(a, b, names[a], names[b], clusters.get((a, b), 0), projects.get((a, b), 0))
             for a, b in (_pair(x, y) for x, y in combinations(codes, 2))]
    return CooperationMap(
        states=[StateNode(code, names[code], per_state.get(code, 0)) for code in codes],
        links=sorted((link for link in links if link.weight),
                     key=lambda link: (-link.weight, link.first, link.second)))


def map_chart(cooperation: CooperationMap, locale: str) -> Markup:
    """The picture of :func:`cooperation_map`; the page puts the same figures in tables."""
    nodes = [(state.code, state.name, state.clusters,
              ngettext("%(state)s: %(num)d published cluster",
                       "%(state)s: %(num)d published clusters", state.clusters, state=state.name))
             for state in cooperation.states]
    links = [(link.first, link.second, link.weight,
              _("%(first)s – %(second)s: clusters with members in both: %(clusters)d; "
                "joint projects: %(projects)d", first=link.first_name, second=link.second_name,
                clusters=link.clusters, projects=link.projects))
             for link in cooperation.links]
    return network_chart(
        "chart-cooperation", _("Member states, their clusters and the links between them"),
        nodes, links, locale,
        description=_("Each circle is a member state with the number of its published clusters. "
                      "Each line joins two states: its number counts the clusters with members "
                      "in both and the funded projects with partners from both."))
