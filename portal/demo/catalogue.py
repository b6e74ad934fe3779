"""The shape of the demo data: clusters inspired by real ones, with fictional member organisations.

Every organisation is keyed by ``external_ref``: ``demo-<cluster region>-<nn>``, its position in
the cluster's list, the management organisation first (``demo-ru-klu-01``), so that a second
load finds it again. Append new members at the end of a list rather than inserting them.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of organisation (DESIGN 4.7).
ENTERPRISE = "enterprise"
UNIVERSITY = "university"
RESEARCH = "research_institute"
GOVERNMENT = "government"
DEVELOPMENT = "development_institution"
FINANCIAL = "financial"

# Helix roles in a cluster; PUBLIC is the role "government" (public bodies and their agencies).
BUSINESS = "business"
ACADEMIA = "academia"
PUBLIC = "government"
INTERMEDIARY = "intermediary"


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    region: str
    helix: str
    #: The NACE Rev. 2 class of the organisation's main activity, e.g. ``21.20``.
    nace: str
    fields: tuple[str, ...]
    #: The language the description, offers and needs are written in.
    language: str
    description: str
    offers: tuple[str, ...]
    needs: tuple[str, ...] = ()

    @property
    def state(self) -> str:
        return self.region.split("-")[0]


@dataclass(frozen=True)
class DemoCluster:
    #: Short key used in the organisations' references and the demo e-mail addresses.
    key: str
    name: str
    region: str
    language: str
    description: str
    fields: tuple[str, ...]
    #: The first member is the cluster's management organisation.
    members: tuple[DemoOrganisation, ...]
    founded_year: int | None = None
    quality_label: str | None = None
    #: The position in ``members`` of the member firm that gets a demo login.
    member_login: int = 1

    @property
    def state(self) -> str:
        return self.region.split("-")[0]

    def reference(self, position: int) -> str:
        return f"demo-{self.region.lower()}-{position + 1:02d}"
