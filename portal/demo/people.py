"""The demo logins: one person for every role of DESIGN 2.

People who need no demo organisation are listed in :data:`PEOPLE`; each demo cluster adds its
manager, a member of its management organisation and a member of one of its firms
(:func:`cluster_people`), whose roles are scoped to ids known only once the cluster is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.demo.catalogue import DemoCluster

STATES = ("AM", "BY", "KZ", "KG", "RU")
DOMAIN = "demo.portal"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    language: str
    #: Role specs as written on the command line; ``{cluster}``, ``{office}`` and ``{firm}``
    #: stand for the ids of the cluster, its management organisation and its member firm.
    roles: tuple[str, ...]


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson(f"admin@{DOMAIN}", "Администратор платформы", "ru", ("admin",)),
    DemoPerson(f"secretariat@{DOMAIN}", "Секретариат Совета", "ru", ("secretariat",)),
    DemoPerson(f"expert1@{DOMAIN}", "Dr. Anna Petrosyan (expert)", "en", ("expert",)),
    DemoPerson(f"expert2@{DOMAIN}", "Д-р Ерлан Сейткали (эксперт)", "ru", ("expert",)),
    *(DemoPerson(f"contact.{s.lower()}@{DOMAIN}", f"National contact point {s}", "ru",
                 (f"contact_point:{s}",)) for s in STATES),
    *(DemoPerson(f"council.{s.lower()}@{DOMAIN}", f"Council member {s}", "ru",
                 (f"council_member:{s}",)) for s in STATES),
    *(DemoPerson(f"alternate.{s.lower()}@{DOMAIN}", f"Council alternate {s}", "ru",
                 (f"council_alternate:{s}",)) for s in STATES),
)

_STAFF = {"ru": ("администратор профиля", "сотрудник"), "en": ("profile administrator", "staff")}


def cluster_people(cluster: DemoCluster) -> tuple[DemoPerson, ...]:
    admin_title, staff_title = _STAFF[cluster.language]
    office = cluster.members[0]
    firm = cluster.members[cluster.member_login]
    return (
        DemoPerson(f"manager.{cluster.key}@{DOMAIN}", cluster.manager_name, cluster.language,
                   ("cluster_manager:{cluster}",)),
        DemoPerson(f"office.{cluster.key}@{DOMAIN}", f"{office.name}: {admin_title}",
                   cluster.language, ("org_admin:{office}",)),
        DemoPerson(f"member.{cluster.key}@{DOMAIN}", f"{firm.name}: {staff_title}",
                   cluster.language, ("org_member:{firm}",)),
    )
