"""The demo logins: one person for every role of DESIGN 2.

People who need no demo organisation are listed in :data:`PEOPLE`; each demo cluster adds its
manager, a member of its management organisation and a member of one of its firms
(:func:`cluster_people`), whose roles are scoped to ids known only once the cluster is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.demo.catalogue import DemoCluster
from portal.demo.clusters import CLUSTERS
from portal.demo.names import person_name

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


#: Where each kind of person starts among the names of their state (:func:`person_name`), so
#: that no two demo people share a name.
CONTACT_POINT, COUNCIL_MEMBER, COUNCIL_ALTERNATE, SECOND_SEAT = 0, 1, 2, 3
CLUSTER_PEOPLE, ORGANISATION_MEMBERS, CO_FUNDERS, STAFF = 10, 30, 40, 50

PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson(f"admin@{DOMAIN}", person_name("RU", STAFF), "ru", ("admin",)),
    DemoPerson(f"secretariat@{DOMAIN}", person_name("KZ", STAFF), "ru", ("secretariat",)),
    DemoPerson(f"expert1@{DOMAIN}", "Dr. Anna Petrosyan", "en", ("expert",)),
    DemoPerson(f"expert2@{DOMAIN}", "Д-р Ерлан Сейткали", "ru", ("expert",)),
    DemoPerson(f"expert3@{DOMAIN}", "Д-р Ольга Лебедева", "ru", ("expert",)),
    DemoPerson(f"expert4@{DOMAIN}", "Д-р Андрей Ковалёв", "ru", ("expert",)),
    DemoPerson(f"expert5@{DOMAIN}", "Д-р Айгуль Осмонова", "ru", ("expert",)),
    DemoPerson(f"expert6@{DOMAIN}", "Dr. Mikhail Orlov", "en", ("expert",)),
    *(DemoPerson(f"contact.{s.lower()}@{DOMAIN}", person_name(s, CONTACT_POINT), "ru",
                 (f"contact_point:{s}",)) for s in STATES),
    *(DemoPerson(f"council.{s.lower()}@{DOMAIN}", person_name(s, COUNCIL_MEMBER), "ru",
                 (f"council_member:{s}",)) for s in STATES),
    *(DemoPerson(f"alternate.{s.lower()}@{DOMAIN}", person_name(s, COUNCIL_ALTERNATE), "ru",
                 (f"council_alternate:{s}",)) for s in STATES),
    # The titulars of the second seats of the Commission's Board mode (DESIGN 4.6).
    *(DemoPerson(f"council2.{s.lower()}@{DOMAIN}", person_name(s, SECOND_SEAT), "ru",
                 (f"council_member:{s}",)) for s in STATES),
)

#: The member state and technology fields of each demo expert's profile: six experts from five
#: states, so that the worker can give every demo proposal three experts from three states.
EXPERTS: dict[str, tuple[str, tuple[str, ...]]] = {
    f"expert1@{DOMAIN}": ("AM", ("pharmaceuticals_biotech_medical", "nuclear_radiation")),
    f"expert2@{DOMAIN}": ("KZ", ("pharmaceuticals_biotech_medical", "chemistry_petrochemistry")),
    f"expert3@{DOMAIN}": ("RU", ("pharmaceuticals_biotech_medical", "new_materials")),
    f"expert4@{DOMAIN}": ("BY", ("pharmaceuticals_biotech_medical", "agro_food")),
    f"expert5@{DOMAIN}": ("KG", ("agro_food", "chemistry_petrochemistry")),
    f"expert6@{DOMAIN}": ("RU", ("nuclear_radiation", "pharmaceuticals_biotech_medical")),
}

#: Seat 2 of each state in Board mode: (state, the titular's e-mail).
SECOND_SEATS: tuple[tuple[str, str], ...] = tuple(
    (s, f"council2.{s.lower()}@{DOMAIN}") for s in STATES)


def reference_of(name: str) -> str:
    """The ``external_ref`` of the demo organisation called ``name`` (KeyError when none is)."""
    for cluster in CLUSTERS:
        for position, organisation in enumerate(cluster.members):
            if organisation.name == name:
                return cluster.reference(position)
    raise KeyError(name)


#: The national co-funders' representatives (DESIGN 4.10): a regional development agency of
#: each state whose envelope a demo call may hold; their role ``{org}`` is that agency's id.
CO_FUNDER_PEOPLE: tuple[tuple[str, DemoPerson], ...] = tuple(
    (reference_of(agency), DemoPerson(f"cofunder.{state.lower()}@{DOMAIN}",
                                      person_name(state, CO_FUNDERS), "ru", ("co_funder:{org}",)))
    for state, agency in (
        ("RU", "Агентство промышленной кооперации «Калуга-Интеграция»"),
        ("BY", "Агентство регионального развития «Витебск-Инвест»"),
    ))

#: Logins for member organisations that are not a cluster's management organisation or its
#: member firm, but take part in a demo proposal and must confirm it, and for the co-funders:
#: (the organisation's ``external_ref``, the person, whose role ``{org}`` is that
#: organisation's id).
ORGANISATION_PEOPLE: tuple[tuple[str, DemoPerson], ...] = (
    # ТОО «Семей Биохим», ТОО «Таразская агробиотехнология», ООО «Брянские медицинские полимеры»
    ("demo-kz-55-05", DemoPerson(f"member.semey@{DOMAIN}", person_name("KZ", ORGANISATION_MEMBERS),
                                 "ru", ("org_member:{org}",))),
    ("demo-kz-35-05", DemoPerson(f"member.taraz@{DOMAIN}",
                                 person_name("KZ", ORGANISATION_MEMBERS + 1), "ru",
                                 ("org_member:{org}",))),
    ("demo-ru-smo-04", DemoPerson(f"member.bryansk@{DOMAIN}",
                                  person_name("RU", ORGANISATION_MEMBERS), "ru",
                                  ("org_member:{org}",))),
    # Those who accepted their organisation's invitation to the Smolensk cluster
    # (:mod:`portal.demo.clusters_across`): Полоцкие медицинские изделия, the agency
    # «Витебск-Инвест» and Днепровские нетканые материалы.
    ("demo-by-vi-04", DemoPerson(f"member.polotsk@{DOMAIN}",
                                 person_name("BY", ORGANISATION_MEMBERS), "ru",
                                 ("org_member:{org}",))),
    ("demo-by-vi-10", DemoPerson(f"office.vitebsk-invest@{DOMAIN}",
                                 person_name("BY", ORGANISATION_MEMBERS + 1), "ru",
                                 ("org_admin:{org}",))),
    ("demo-by-ma-01", DemoPerson(f"member.dnepr@{DOMAIN}",
                                 person_name("BY", ORGANISATION_MEMBERS + 2), "ru",
                                 ("org_member:{org}",))),
    *CO_FUNDER_PEOPLE,
)


def cluster_people(cluster: DemoCluster) -> tuple[DemoPerson, ...]:
    """The cluster's manager, an administrator of its management organisation and a member of
    its member firm, named as people of the cluster's state (three names per cluster, in the
    order of :data:`CLUSTERS`)."""
    same_state = [other.key for other in CLUSTERS if other.state == cluster.state]
    first = CLUSTER_PEOPLE + 3 * same_state.index(cluster.key)

    def name(offset: int) -> str:
        return person_name(cluster.state, first + offset, cluster.language)

    return (
        DemoPerson(f"manager.{cluster.key}@{DOMAIN}", name(0), cluster.language,
                   ("cluster_manager:{cluster}",)),
        DemoPerson(f"office.{cluster.key}@{DOMAIN}", name(1), cluster.language,
                   ("org_admin:{office}",)),
        DemoPerson(f"member.{cluster.key}@{DOMAIN}", name(2), cluster.language,
                   ("org_member:{firm}",)),
    )
