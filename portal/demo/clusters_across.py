"""Demo clusters across member states (DESIGN 4.10): organisations of another state invited to
a cluster, most of whom accepted.

The Smolensk medical-devices cluster takes in Vitebsk firms and the Vitebsk development agency,
which manages the cluster's Belarusian side, and a Mogilev maker of non-wovens that supplies
its Bryansk member: every member's region borders a region of the other state, so the cluster
is cross-border, with the pair (BY-VI, RU-SMO) among others. The Kaluga pharmaceutical
cluster takes in an Armenian isotope maker and becomes transnational. A Minsk biotech firm's
invitation to Smolensk has not been answered: it counts for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.demo.catalogue import BUSINESS, ENTERPRISE, PUBLIC
from portal.demo.catalogue import DemoOrganisation as Org
from portal.demo.people import DOMAIN

PHARMA = "pharmaceuticals_biotech_medical"
MATERIALS = "new_materials"

#: Organisations that belong to no demo cluster of their own: (``external_ref``, profile).
ORGANISATIONS: tuple[tuple[str, Org], ...] = (
    ("demo-by-ma-01", Org(
        "ООО «Днепровские нетканые материалы»", ENTERPRISE, "BY-MA", BUSINESS, "13.95",
        (PHARMA, MATERIALS), "ru",
        "Выпускает нетканые материалы медицинского назначения для производителей в Смоленской "
        "и Брянской областях.",
        ("Нетканое полотно спанбонд и SMS медицинского назначения",),
        ("Литьевые полимерные комплектующие для медицинских изделий",))),
)


@dataclass(frozen=True)
class DemoInvitation:
    #: The key of the inviting demo cluster.
    cluster: str
    #: The invited organisation's ``external_ref``.
    organisation: str
    helix: str
    manages: bool = False
    #: The e-mail of the organisation's member who accepted; ``None`` leaves it unanswered.
    accepted_by: str | None = None


INVITATIONS: tuple[DemoInvitation, ...] = (
    DemoInvitation("smolensk", "demo-by-vi-02", BUSINESS, accepted_by=f"member.vitebsk@{DOMAIN}"),
    DemoInvitation("smolensk", "demo-by-vi-04", BUSINESS, accepted_by=f"member.polotsk@{DOMAIN}"),
    DemoInvitation("smolensk", "demo-by-vi-10", PUBLIC, manages=True,
                   accepted_by=f"office.vitebsk-invest@{DOMAIN}"),
    DemoInvitation("smolensk", "demo-by-ma-01", BUSINESS, accepted_by=f"member.dnepr@{DOMAIN}"),
    DemoInvitation("kaluga", "demo-am-er-02", BUSINESS, accepted_by=f"member.yerevan@{DOMAIN}"),
    DemoInvitation("smolensk", "demo-by-hm-02", BUSINESS),
)
