"""A proposal's status history as its reader may know it.

The history names who moved the proposal. A reviewer's name is sealed from everyone but the
staff (DESIGN 4.5): when the actor is one of the proposal's experts (the rapporteur who locked
the consensus report), other readers, the applicants first, read "the rapporteur". The page and
the API both show these entries, so the rule is applied here once; the review names the
proposal's experts (:func:`portal.proposals.hooks.register_sealed_actors`).

Each entry also says whom the actor acted for on this proposal (the partner organisation they
belong to, the cluster they manage, the secretariat, their state's seat in the council), so the
page can write it as a sentence: "Submitted by Anna Petrova (Smolensk pharmaceutical cluster),
12 Mar 2027, 14:05 (UTC+03:00 Moscow)". A sealed actor has no affiliation: it would name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.core.timezones import format_moment
from portal.extensions import db
from portal.proposals.hooks import sealed_actors
from portal.proposals.labels import HISTORY_FALLBACK, HISTORY_SENTENCES, status_name
from portal.proposals.models import Proposal, StatusChange
from portal.proposals.permissions import can_see_reviewer_identities
from portal.reference.queries import state_name
from portal.registry.models import Cluster


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    from_status: str
    to_status: str
    action: str
    note: str
    #: ``None`` when the worker made the move, or when the reader may not know who did.
    actor_id: int | None
    #: ``None`` when the worker made the move.
    actor_name: str | None
    #: Whom the actor acted for, in words; ``None`` when unknown or sealed.
    actor_affiliation: str | None = None


class _Affiliations:
    """Whom each actor acted for on ``proposal``: one statement for the clusters' names."""

    def __init__(self, proposal: Proposal, actors: list):
        self.organisations = {str(partner.organisation_id): partner.organisation.name
                              for partner in sorted(proposal.partners, key=lambda p: (
                                  p.organisation_id != proposal.lead_organisation_id,
                                  p.organisation_id))}
        cluster_ids = {int(scope) for actor in actors
                       for scope in actor.scopes(Role.CLUSTER_MANAGER) if scope.isdigit()}
        self.clusters = dict(db.session.execute(
            select(Cluster.id, Cluster.name).where(Cluster.id.in_(cluster_ids)))
            .all()) if cluster_ids else {}

    def of(self, actor) -> str | None:
        member_of = actor.scopes(Role.ORG_ADMIN) | actor.scopes(Role.ORG_MEMBER)
        for organisation_id, name in self.organisations.items():
            if organisation_id in member_of:
                return name
        managed = sorted(int(s) for s in actor.scopes(Role.CLUSTER_MANAGER) if s.isdigit())
        if managed and managed[0] in self.clusters:
            return self.clusters[managed[0]]
        if actor.has_role(Role.SECRETARIAT):
            return _("the secretariat")
        seats = sorted(actor.scopes(Role.COUNCIL_MEMBER) | actor.scopes(Role.COUNCIL_ALTERNATE))
        if seats:
            return _("the council seat of %(state)s", state=state_name(seats[0]))
        return None


def _entry(change: StatusChange, sealed: bool, affiliations: _Affiliations) -> HistoryEntry:
    affiliation = None
    if change.actor is None:
        actor_id, actor_name = None, None
    elif sealed:
        actor_id, actor_name = None, _("the rapporteur")
    else:
        actor_id, actor_name = change.actor.id, change.actor.name
        affiliation = affiliations.of(change.actor)
    return HistoryEntry(at=change.at, from_status=change.from_status,
                        to_status=change.to_status, action=change.action, note=change.note,
                        actor_id=actor_id, actor_name=actor_name,
                        actor_affiliation=affiliation)


def history_for(proposal: Proposal, reader) -> list[HistoryEntry]:
    """Every status change of ``proposal``, oldest first, as ``reader`` may read it."""
    changes = list(db.session.scalars(
        select(StatusChange).where(StatusChange.proposal_id == proposal.id)
        .order_by(StatusChange.at, StatusChange.id)))
    reviewers = set() if can_see_reviewer_identities(reader) else sealed_actors(proposal)
    affiliations = _Affiliations(proposal, [change.actor for change in changes
                                            if change.actor is not None])
    return [_entry(change, change.actor_id in reviewers, affiliations) for change in changes]


def actor_words(entry: HistoryEntry) -> str:
    """Who made the move, as a sentence names them: "Anna Petrova (Smolensk pharmaceutical
    cluster)", "the rapporteur", "the portal"."""
    if entry.actor_name is None:
        return _("the portal")
    if entry.actor_affiliation:
        return _("%(name)s (%(affiliation)s)", name=entry.actor_name,
                 affiliation=entry.actor_affiliation)
    return entry.actor_name


def history_sentence(entry: HistoryEntry) -> str:
    """One move of the history as a person would write it, the time in the reader's zone."""
    when = format_moment(entry.at)
    sentence = HISTORY_SENTENCES.get(entry.action)
    if sentence is None:
        return str(HISTORY_FALLBACK) % {"status": status_name(entry.to_status), "when": when}
    return str(sentence) % {"who": actor_words(entry), "when": when}
