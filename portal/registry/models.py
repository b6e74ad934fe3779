"""Organisations and clusters.

A profile is ``pending`` until the contact point of its state (or the secretariat) publishes it,
or ``returned`` to its owner with a reason.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import UTCDateTime, check_in, technology_field_link, utcnow
from portal.extensions import db
from portal.reference.classifier import Classification


class OrganisationKind(StrEnum):
    ENTERPRISE = "enterprise"
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    GOVERNMENT = "government"
    DEVELOPMENT_INSTITUTION = "development_institution"
    FINANCIAL = "financial"


class HelixRole(StrEnum):
    BUSINESS = "business"
    ACADEMIA = "academia"
    GOVERNMENT = "government"
    INTERMEDIARY = "intermediary"


#: The triple-helix role an organisation of each kind plays: what matching reads of a partner,
#: and the role the registry gives a management organisation it makes a member.
HELIX_OF_KIND: dict[str, str] = {
    OrganisationKind.ENTERPRISE: HelixRole.BUSINESS,
    OrganisationKind.UNIVERSITY: HelixRole.ACADEMIA,
    OrganisationKind.RESEARCH_INSTITUTE: HelixRole.ACADEMIA,
    OrganisationKind.GOVERNMENT: HelixRole.GOVERNMENT,
    OrganisationKind.DEVELOPMENT_INSTITUTION: HelixRole.INTERMEDIARY,
    OrganisationKind.FINANCIAL: HelixRole.INTERMEDIARY,
}


class ProfileStatus(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    RETURNED = "returned"


class OrganisationSize(StrEnum):
    """The EU's SME size classes (micro under 10 staff, small under 50, medium under 250)."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


#: Currencies a cluster may state its budget in: the member states' and two common others.
BUDGET_CURRENCIES = ("AMD", "BYN", "KZT", "KGS", "RUB", "USD", "EUR")


organisation_technology_field = technology_field_link("organisation")

cluster_technology_field = technology_field_link("cluster")


class Organisation(db.Model):
    __tablename__ = "organisation"
    __table_args__ = (check_in("kind", OrganisationKind), check_in("status", ProfileStatus),
                      check_in("size", OrganisationSize))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30))
    state_code: Mapped[str] = mapped_column(ForeignKey("member_state.code"), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    #: The language the profile's texts are written in.
    language: Mapped[str] = mapped_column(String(5))
    description: Mapped[str] = mapped_column(Text, default="")
    offers: Mapped[list] = mapped_column(JSON, default=list)
    needs: Mapped[list] = mapped_column(JSON, default=list)
    #: NACE Rev. 2 classes, e.g. ``["21.20"]``; a national code may follow after a slash.
    nace_codes: Mapped[list] = mapped_column(JSON, default=list)
    website: Mapped[str | None] = mapped_column(String(300))
    #: Languages the organisation works in (codes such as ``ru``, ``en``, ``kk``), beside the
    #: one its profile is written in.
    languages: Mapped[list] = mapped_column(JSON, default=list)
    size: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default=ProfileStatus.PENDING)
    #: Why a moderator returned the profile; kept until it is published.
    return_reason: Mapped[str | None] = mapped_column(Text)
    #: The identifier the organisation has in an imported set (``ref`` of the JSON Lines format).
    external_ref: Mapped[str | None] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow,
                                                        onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    technology_fields = relationship(
        "TechnologyField", secondary=organisation_technology_field, lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}


class Cluster(db.Model):
    """A cluster, national or across member states (DESIGN 4.10).

    ``state_code`` and ``region_code`` are those of its coordinator, the management
    organisation; members that manage the cluster's side in another state are marked
    ``manages``. ``classification`` is the classifier's verdict (DESIGN 4.1) on the regions of
    the members that have accepted, kept current whenever they change.
    """

    __tablename__ = "cluster"
    __table_args__ = (
        check_in("status", ProfileStatus),
        check_in("classification", Classification),
        check_in("budget_currency", BUDGET_CURRENCIES),
        CheckConstraint("budget IS NULL OR budget_currency IS NOT NULL", name="budget_has_currency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    state_code: Mapped[str] = mapped_column(ForeignKey("member_state.code"), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    language: Mapped[str] = mapped_column(String(5))
    description: Mapped[str] = mapped_column(Text, default="")
    management_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    founded_year: Mapped[int | None] = mapped_column(Integer)
    #: What the cluster specialises in, in its own words (its technology fields are the keys).
    specialisation: Mapped[str | None] = mapped_column(Text)
    #: Members as the cluster declares them; it may count members not registered on the portal.
    member_count_declared: Mapped[int | None] = mapped_column(Integer)
    jobs: Mapped[int | None] = mapped_column(Integer)
    #: The yearly budget in whole units of ``budget_currency``.
    budget: Mapped[int | None] = mapped_column(BigInteger)
    budget_currency: Mapped[str | None] = mapped_column(String(3))
    management_team_size: Mapped[int | None] = mapped_column(Integer)
    #: A quality label such as "ESCA Silver" with its year, as the cluster states it.
    quality_label: Mapped[str | None] = mapped_column(String(100))
    #: Who awarded the label, e.g. "European Secretariat for Cluster Analysis (ESCA)".
    quality_label_issuer: Mapped[str | None] = mapped_column(String(200))
    quality_label_expires_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=ProfileStatus.PENDING)
    #: Why a moderator returned the profile; kept until it is published.
    return_reason: Mapped[str | None] = mapped_column(Text)
    #: Cross-border, transnational or national, from the regions of the accepted members.
    classification: Mapped[str] = mapped_column(String(20), default=Classification.NATIONAL,
                                                server_default=Classification.NATIONAL.value,
                                                index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    management_organisation: Mapped[Organisation] = relationship()
    members: Mapped[list[ClusterMember]] = relationship(
        back_populates="cluster", cascade="all, delete-orphan"
    )
    technology_fields = relationship(
        "TechnologyField", secondary=cluster_technology_field, lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}


class ClusterMember(db.Model):
    """An organisation that belongs to a cluster: one of the cluster's own state, added by its
    managers, or one that accepted a :class:`ClusterInvitation`."""

    __tablename__ = "cluster_member"
    __table_args__ = (UniqueConstraint("cluster_id", "organisation_id"), check_in("helix_role", HelixRole))

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    helix_role: Mapped[str] = mapped_column(String(20))
    #: The organisation manages the cluster's side in its member state (the coordinator, the
    #: cluster's management organisation, does so in the cluster's own state).
    manages: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Who accepted the invitation for the organisation; ``None`` when it was added directly.
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    cluster: Mapped[Cluster] = relationship(back_populates="members")
    organisation: Mapped[Organisation] = relationship()


class InvitationStatus(StrEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


#: At most one open invitation per cluster and organisation.
OPEN_INVITATION = "status = 'invited'"


class ClusterInvitation(db.Model):
    """A cluster's invitation to an organisation of another member state. Until a member of
    the organisation accepts it, the organisation is no member and counts for nothing: not in
    the cluster's classification, its pages, its statistics or its matching."""

    __tablename__ = "cluster_invitation"
    __table_args__ = (
        check_in("status", InvitationStatus),
        check_in("helix_role", HelixRole),
        Index("uq_cluster_invitation_open", "cluster_id", "organisation_id", unique=True,
              sqlite_where=text(OPEN_INVITATION), postgresql_where=text(OPEN_INVITATION)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"),
                                            index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    helix_role: Mapped[str] = mapped_column(String(20))
    #: The organisation is invited to manage the cluster's side in its member state.
    manages: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default=InvitationStatus.INVITED)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cluster: Mapped[Cluster] = relationship()
    organisation: Mapped[Organisation] = relationship()


class ImportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ImportJob(db.Model):
    """An upload of organisations in JSON Lines, imported by the worker, all or nothing.

    ``queued`` when uploaded, ``running`` while the worker imports, then ``done`` (every line
    imported, in the same transaction as the organisations) or ``failed`` (nothing imported;
    ``problems`` says why, line by line).
    """

    __tablename__ = "import_job"
    __table_args__ = (check_in("status", ImportStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default=ImportStatus.QUEUED)
    #: The name the file had on the uploader's computer; shown, never used as a path.
    filename: Mapped[str] = mapped_column(String(255))
    #: The random name of the stored upload in ``UPLOAD_DIR``.
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    publish: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Replace the profile of an organisation whose ``ref`` is already known, instead of refusing.
    update_existing: Mapped[bool] = mapped_column(Boolean, default=False)
    total_lines: Mapped[int] = mapped_column(Integer, default=0)
    processed_lines: Mapped[int] = mapped_column(Integer, default=0)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    published_count: Mapped[int] = mapped_column(Integer, default=0)
    #: ``[{"line", "code", "params"}]`` (see ``registry.importing.Problem``), or a failure of
    #: the whole file with line 0.
    problems: Mapped[list] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by = relationship("User")
