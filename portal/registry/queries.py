"""Look-ups in the registry: profiles by id, their people, the moderation queue, cluster lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.models import RoleAssignment, User
from portal.accounts.roles import Role
from portal.core import limits
from portal.core.db import contains_any_case
from portal.core.errors import NotFound
from portal.extensions import db
from portal.reference.classifier import classify
from portal.reference.queries import reference_names
from portal.registry.models import Cluster, ClusterMember, HelixRole, Organisation, ProfileStatus

#: A cluster's members with their organisations, in one statement for the list however long
#: (and one more for the organisations' technology fields).
WITH_MEMBERS = (selectinload(Cluster.members).joinedload(ClusterMember.organisation),
                joinedload(Cluster.management_organisation))


def get_organisation(organisation_id: int) -> Organisation:
    return _get(Organisation, organisation_id)


def get_cluster(cluster_id: int) -> Cluster:
    """The cluster with its members (:data:`WITH_MEMBERS`)."""
    return _get(Cluster, cluster_id, WITH_MEMBERS)


def _get(model, object_id: int, options=()):
    found = (db.session.get(model, object_id, options=options) if limits.is_id(object_id)
             else None)
    if found is None:
        raise NotFound(_("There is nothing here."))
    return found


def owners(profile: Organisation | Cluster) -> list[User]:
    """The people a profile belongs to: its organisation's admins and members, or the cluster's
    managers; each once, active accounts only."""
    roles = ([Role.CLUSTER_MANAGER] if isinstance(profile, Cluster)
             else [Role.ORG_ADMIN, Role.ORG_MEMBER])
    query = (select(User).join(RoleAssignment)
             .where(RoleAssignment.role.in_([str(role) for role in roles]),
                    RoleAssignment.scope == str(profile.id), User.is_active_account.is_(True))
             .distinct().order_by(User.id))
    return list(db.session.scalars(query))


def moderation_queries(user) -> tuple[Select, Select]:
    """The pending organisations and clusters the user moderates, oldest first: every state's
    for the secretariat, the states of a contact point's scopes otherwise."""
    organisations = select(Organisation).where(Organisation.status == ProfileStatus.PENDING)
    clusters = select(Cluster).where(Cluster.status == ProfileStatus.PENDING)
    if not user.has_role(Role.SECRETARIAT):
        states = sorted(user.scopes(Role.CONTACT_POINT))
        organisations = organisations.where(Organisation.state_code.in_(states))
        clusters = clusters.where(Cluster.state_code.in_(states))
    return (organisations.order_by(Organisation.created_at, Organisation.id),
            clusters.order_by(Cluster.created_at, Cluster.id))


def moderation_queue(user) -> tuple[list[Organisation], list[Cluster]]:
    organisations, clusters = moderation_queries(user)
    return list(db.session.scalars(organisations)), list(db.session.scalars(clusters))


def moderation_page(user, page: int, per_page: int) -> tuple[list[Organisation | Cluster], int]:
    """One page of the queue, its organisations before its clusters, and the queue's length:
    in four statements whatever the page."""
    organisations, clusters = moderation_queries(user)
    count = [db.session.scalar(select(func.count()).select_from(q.order_by(None).subquery()))
             for q in (organisations, clusters)]
    start = (page - 1) * per_page
    rows: list[Organisation | Cluster] = []
    if start < count[0]:
        rows += db.session.scalars(organisations.offset(start).limit(per_page))
    if len(rows) < per_page:
        rows += db.session.scalars(clusters.offset(max(0, start - count[0]))
                                   .limit(per_page - len(rows)))
    return rows, count[0] + count[1]


def published_clusters_query() -> Select:
    """The published clusters by state and name (the public list pages through them)."""
    return (select(Cluster).where(Cluster.status == ProfileStatus.PUBLISHED)
            .order_by(Cluster.state_code, Cluster.name, Cluster.id))



def published_clusters_of(organisation: Organisation) -> list[tuple[Cluster, str]]:
    """The published clusters an organisation belongs to or leads, with its helix role
    (``None`` where it only manages the cluster)."""
    member_of = db.session.execute(
        select(Cluster, ClusterMember.helix_role).join(ClusterMember)
        .where(ClusterMember.organisation_id == organisation.id,
               Cluster.status == ProfileStatus.PUBLISHED)).all()
    found = {cluster.id: (cluster, role) for cluster, role in member_of}
    for cluster in db.session.scalars(select(Cluster).where(
            Cluster.management_organisation_id == organisation.id,
            Cluster.status == ProfileStatus.PUBLISHED)):
        found.setdefault(cluster.id, (cluster, None))
    return sorted(found.values(), key=lambda pair: pair[0].name)


def members_by_role(cluster: Cluster) -> list[tuple[HelixRole, list[ClusterMember]]]:
    """The cluster's members grouped by helix role in the order of :class:`HelixRole`, each
    group by name; roles without members are left out."""
    return _by_role(cluster.members)


def _by_role(members: Iterable[ClusterMember]) -> list[tuple[HelixRole, list[ClusterMember]]]:
    members = list(members)
    groups = []
    for role in HelixRole:
        in_role = sorted((m for m in members if m.helix_role == role),
                         key=lambda m: m.organisation.name)
        if in_role:
            groups.append((role, in_role))
    return groups


@dataclass(frozen=True)
class StateSide:
    """The part of a cluster in one member state: who manages it there (the coordinator in the
    cluster's own state, the members marked ``manages`` elsewhere) and its members by role."""

    state_code: str
    managers: list[Organisation]
    groups: list[tuple[HelixRole, list[ClusterMember]]]


def cluster_states(cluster: Cluster) -> list[str]:
    """The member states taking part in the cluster: its own and those of its members, in the
    reference order of the states (read from memory, no statement)."""
    codes = {cluster.state_code} | {m.organisation.state_code for m in cluster.members}
    return [code for code in reference_names().states if code in codes]


def states_of_clusters(cluster_ids: Iterable[int]) -> dict[int, list[str]]:
    """:func:`cluster_states` of several clusters at once, in one statement, by cluster id."""
    states: dict[int, set[str]] = {}
    for cluster_id, own, member_state in db.session.execute(
            select(Cluster.id, Cluster.state_code, Organisation.state_code)
            .outerjoin(ClusterMember, ClusterMember.cluster_id == Cluster.id)
            .outerjoin(Organisation, Organisation.id == ClusterMember.organisation_id)
            .where(Cluster.id.in_(sorted(set(cluster_ids))))):
        states.setdefault(cluster_id, {own}).update({member_state} - {None})
    order = reference_names().states
    return {cluster_id: [code for code in order if code in codes]
            for cluster_id, codes in states.items()}


def cluster_border_pairs(cluster: Cluster) -> tuple[tuple[str, str], ...]:
    """The pairs of bordering regions of different states among the coordinator's and the
    members' regions (DESIGN 4.1), as the classifier finds them; from memory, no statement."""
    regions = [cluster.region_code, *(m.organisation.region_code for m in cluster.members)]
    return classify(regions, reference_names().border_pairs).border_pairs


def sides_by_state(cluster: Cluster, members: Iterable[ClusterMember]) -> list[StateSide]:
    """The cluster state by state (:func:`cluster_states`), each with its managers and with the
    given ``members`` of that state grouped by helix role (a reader may see only some)."""
    members = list(members)
    sides = []
    for state in cluster_states(cluster):
        managers = [cluster.management_organisation] if state == cluster.state_code else []
        managers += sorted((m.organisation for m in cluster.members
                            if m.manages and m.organisation.state_code == state
                            and m.organisation_id != cluster.management_organisation_id),
                           key=lambda organisation: organisation.name)
        sides.append(StateSide(state, managers, _by_role(
            m for m in members if m.organisation.state_code == state)))
    return sides


def organisations_of(user) -> list[Organisation]:
    """The organisations the user is an administrator or a member of, by name."""
    ids = {int(s) for s in user.scopes(Role.ORG_MEMBER) | user.scopes(Role.ORG_ADMIN)
           if s.isdigit()}
    if not ids:
        return []
    return list(db.session.scalars(select(Organisation).where(Organisation.id.in_(ids))
                                   .order_by(Organisation.name)))


def addable_organisations(cluster: Cluster, text: str, limit: int) -> list[Organisation]:
    """Published organisations of any member state whose name contains ``text`` and that are
    not yet members of ``cluster``, by name; at most ``limit``."""
    members = select(ClusterMember.organisation_id).where(ClusterMember.cluster_id == cluster.id)
    return list(db.session.scalars(
        select(Organisation)
        .where(Organisation.status == ProfileStatus.PUBLISHED,
               contains_any_case(Organisation.name, text),
               Organisation.id.not_in(members))
        .order_by(Organisation.name, Organisation.id).limit(limit)))


def lookup_query(model: type[Organisation] | type[Cluster], user, text: str) -> Select:
    """Organisations or clusters (``model``) whose name contains ``text``, by name: for picking
    one by name on a role or invitation form. The secretariat and administrators find every
    profile; others the published ones and, for a contact point, those of their states."""
    return (_visible_to(select(model).where(contains_any_case(model.name, text)), model, user)
            .order_by(model.name, model.id))


def _visible_to(query: Select, model: type[Organisation] | type[Cluster], user) -> Select:
    if user.has_role(Role.ADMIN) or user.has_role(Role.SECRETARIAT):
        return query
    visible = model.status == ProfileStatus.PUBLISHED
    states = sorted(user.scopes(Role.CONTACT_POINT))
    return query.where(or_(visible, model.state_code.in_(states)) if states else visible)


def visible_profile(model: type[Organisation] | type[Cluster], user, profile_id: int):
    """The organisation or cluster ``profile_id`` if :func:`lookup_query` would find it for
    ``user``, else ``None``."""
    if not limits.is_id(profile_id):
        return None
    return db.session.scalar(_visible_to(select(model).where(model.id == profile_id), model, user))


def lookup_profiles(model: type[Organisation] | type[Cluster], user, text: str,
                    limit: int) -> list:
    """The first ``limit`` of :func:`lookup_query`."""
    return list(db.session.scalars(lookup_query(model, user, text).limit(limit)))


def profiles_named(model: type[Organisation] | type[Cluster], name: str, limit: int) -> list:
    """Organisations or clusters whose name is ``name``, at most ``limit``: whatever the case."""
    name = name.strip()
    wanted = name.casefold()
    rows = db.session.scalars(select(model).where(contains_any_case(model.name, name))
                              .order_by(model.id).limit(limit * 20))
    return [row for row in rows if row.name.strip().casefold() == wanted][:limit]


def members_per_state(cluster_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """The members of each cluster counted by their organisation's member state, in one
    statement: ``{cluster id: {state code: members}}``."""
    counts: dict[int, dict[str, int]] = {}
    ids = sorted(set(cluster_ids))
    if not ids:
        return counts
    for cluster_id, state, number in db.session.execute(
            select(ClusterMember.cluster_id, Organisation.state_code, func.count(ClusterMember.id))
            .join(Organisation, Organisation.id == ClusterMember.organisation_id)
            .where(ClusterMember.cluster_id.in_(ids))
            .group_by(ClusterMember.cluster_id, Organisation.state_code)):
        counts.setdefault(cluster_id, {})[state] = number
    return counts
