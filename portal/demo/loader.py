"""Loads the demo data; running it again creates nothing new.

Everything is looked up by a stable key before it is created: users by e-mail, organisations by
``external_ref``, clusters by name, memberships and invitations by cluster and organisation
(:mod:`portal.demo.clusters_across`), calls and vote
sessions by title, proposals by acronym. Creation goes through the audited registry and account
services with the actor ``demo``; the calls, proposals, reviews and sessions
(:mod:`portal.demo.proposals`, :mod:`portal.demo.council`) through their services, with the
demo logins as the actors; the funded projects' agreements and reports
(:mod:`portal.demo.projects`) row by row, until their services exist. Every demo user shares one
Argon2 hash of :data:`DEMO_PASSWORD`, computed once (hashing takes about 50 ms a user), and
every demo user whose role requires two-factor sign-in gets a TOTP secret, so that
``portal users totp EMAIL`` can print the current code.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from sqlalchemy import select

from portal.accounts import passwords, two_factor
from portal.accounts import services as accounts
from portal.accounts.models import User
from portal.accounts.roles import RoleSpec
from portal.core import audit
from portal.demo import clusters_across as across
from portal.demo.ads import load_ads
from portal.demo.catalogue import DemoCluster, DemoOrganisation
from portal.demo.clusters import CLUSTERS
from portal.demo.council import load_council
from portal.demo.people import DOMAIN, ORGANISATION_PEOPLE, PEOPLE, DemoPerson, cluster_people
from portal.demo.projects import load_projects
from portal.demo.proposals import load_proposals
from portal.demo.rates import load_rates
from portal.extensions import db
from portal.registry import membership
from portal.registry import services as registry
from portal.registry.models import (
    Cluster,
    ClusterInvitation,
    ClusterMember,
    InvitationStatus,
    Organisation,
)

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105  (published in the README for newcomers)
DEMO_ACTOR = "demo"


@cache
def _password_hash() -> str:
    return passwords.hash_password(DEMO_PASSWORD)


def load_demo() -> dict[str, int]:
    """Create whatever of the demo data is missing, commit, and count what was created."""
    created: Counter[str] = Counter()
    for person in PEOPLE:
        _ensure_user(person, {}, created)
    for cluster in CLUSTERS:
        _load_cluster(cluster, created)
    for reference, spec in across.ORGANISATIONS:
        _ensure_organisation(reference, spec, created)
    for reference, person in ORGANISATION_PEOPLE:
        organisation = registry.organisation_by_ref(reference)
        if organisation is not None:
            _ensure_user(person, {"org": organisation.id}, created)
    for invitation in across.INVITATIONS:
        _ensure_invitation(invitation, created)
    load_ads(created)
    load_rates(created)
    load_proposals(created)
    load_council(created)
    load_projects(created)
    db.session.commit()
    return {what: created[what] for what in SUMMARY}


#: What :func:`load_demo` counts, in the order the command prints it.
SUMMARY = ("users created", "organisations created", "clusters created", "members added",
           "invitations sent",
           "exchange rates stored", "calls opened", "proposals created",
           "vote sessions created", "decisions taken", "projects started", "reports written")


def _load_cluster(cluster: DemoCluster, created: Counter) -> None:
    organisations = [_ensure_organisation(cluster.reference(position), spec, created)
                     for position, spec in enumerate(cluster.members)]
    record = _ensure_cluster(cluster, organisations[0], created)
    for organisation, spec in zip(organisations, cluster.members, strict=True):
        _ensure_member(record, organisation, spec.helix, created)
    scopes = {"cluster": record.id, "office": organisations[0].id,
              "firm": organisations[cluster.member_login].id}
    for person in cluster_people(cluster):
        _ensure_user(person, scopes, created)


def _ensure_organisation(reference: str, spec: DemoOrganisation, created: Counter) -> Organisation:
    organisation = registry.organisation_by_ref(reference)
    if organisation is None:
        organisation = registry.create_organisation(
            name=spec.name, kind=spec.kind, state=spec.state, region=spec.region,
            language=spec.language, description=spec.description, offers=spec.offers,
            needs=spec.needs, nace_codes=[spec.nace], technology_fields=spec.fields,
            external_ref=reference, actor=DEMO_ACTOR)
        registry.publish_organisation(organisation.id, DEMO_ACTOR)
        created["organisations created"] += 1
    return organisation


def _ensure_cluster(cluster: DemoCluster, management: Organisation, created: Counter) -> Cluster:
    record = db.session.scalar(select(Cluster).where(Cluster.name == cluster.name))
    if record is None:
        record = registry.create_cluster(
            name=cluster.name, state=cluster.state, region=cluster.region,
            language=cluster.language, description=cluster.description,
            management_organisation_id=management.id, technology_fields=cluster.fields,
            founded_year=cluster.founded_year, quality_label=cluster.quality_label,
            actor=DEMO_ACTOR)
        registry.publish_cluster(record.id, DEMO_ACTOR)
        created["clusters created"] += 1
    return record


def _ensure_member(cluster: Cluster, organisation: Organisation, helix: str,
                   created: Counter) -> None:
    exists = db.session.scalar(select(ClusterMember.id).where(
        ClusterMember.cluster_id == cluster.id, ClusterMember.organisation_id == organisation.id))
    if exists is None:
        registry.add_cluster_member(cluster.id, organisation.id, helix, DEMO_ACTOR)
        created["members added"] += 1


def _ensure_invitation(invitation: across.DemoInvitation, created: Counter) -> None:
    """The cluster's manager invites the organisation, and its member accepts when the demo
    says so; nothing is done twice (a member, or an invitation already open, is left as is)."""
    cluster_spec = next(c for c in CLUSTERS if c.key == invitation.cluster)
    cluster = db.session.scalar(select(Cluster).where(Cluster.name == cluster_spec.name))
    organisation = registry.organisation_by_ref(invitation.organisation)
    if db.session.scalar(select(ClusterMember.id).where(
            ClusterMember.cluster_id == cluster.id,
            ClusterMember.organisation_id == organisation.id)) is not None:
        return
    open_already = db.session.scalar(select(ClusterInvitation.id).where(
        ClusterInvitation.cluster_id == cluster.id,
        ClusterInvitation.organisation_id == organisation.id,
        ClusterInvitation.status == InvitationStatus.INVITED))
    if open_already is None:
        manager = accounts.user_by_email(f"manager.{cluster_spec.key}@{DOMAIN}") or DEMO_ACTOR
        membership.add_or_invite(cluster.id, organisation.id, invitation.helix, manager,
                                 manages=invitation.manages)
        created["invitations sent"] += 1
    if invitation.accepted_by is not None:
        membership.accept_invitation(cluster.id, organisation.id,
                                     accounts.user_by_email(invitation.accepted_by))
        created["members added"] += 1


def _ensure_user(person: DemoPerson, scopes: dict[str, int], created: Counter) -> User:
    user = accounts.user_by_email(person.email)
    if user is None:
        user = accounts.create_user(person.email, person.name, None, DEMO_ACTOR,
                                    language=person.language)
        user.password_hash = _password_hash()
        created["users created"] += 1
    for role in person.roles:
        accounts.grant_role(user, RoleSpec.parse(role.format(**scopes)), DEMO_ACTOR)
    if two_factor.requires_two_factor(user) and user.totp_secret is None:
        user.totp_secret = two_factor.new_secret()
        audit.record("two_factor.enable", DEMO_ACTOR, f"user:{user.id}")
    db.session.flush()
    return user


def demo_people() -> list[DemoPerson]:
    """Every demo login, in the order of :func:`demo_logins`."""
    return [*PEOPLE, *(person for cluster in CLUSTERS for person in cluster_people(cluster)),
            *(person for _reference, person in ORGANISATION_PEOPLE)]


def demo_logins() -> list[tuple[str, str]]:
    """(roles, e-mail) of every demo login; the scopes are the loaded ids where the user exists."""
    logins = []
    for person in demo_people():
        user = accounts.user_by_email(person.email)
        if user is not None:
            roles = ", ".join(sorted(str(spec) for spec in user.role_specs()))
        else:
            roles = ", ".join(role.partition(":")[0] for role in person.roles)
        logins.append((roles, person.email))
    return logins
