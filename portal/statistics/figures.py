"""The public statistics of what the council funds, each figure counted by the database with
``GROUP BY`` in a fixed number of statements (about fifteen, however many projects there are),
the same on SQLite and PostgreSQL. The page and the API show these figures and no others.

What each figure means (drafts are never counted: a proposal counts once submitted):

- **proposals**: proposals ever submitted (``submitted_at`` set), whatever became of them.
- **eligible**: those of them that passed eligibility: their status is ``eligible`` or one the
  workflow reaches only through it (returned for clarification, in review ... completed), or
  their status history holds a change to ``eligible`` (one withdrawn after passing, or passed,
  returned and found ineligible on resubmission, still passed once). ``eligibility_passed`` is
  not used: the secretariat's override makes a proposal eligible and leaves it ``False``.
- **approved**: proposals with an adopted decision: status approved, approved with conditions,
  in implementation or completed (a decision reconsidered puts the proposal back before the
  council, so it no longer counts).
- **partners**: the partner rows of approved proposals.
- **grant**: the grants of the funded projects (``ProjectGrant.amount``, in their call's
  currency), converted into ``STATISTICS_CURRENCY`` (RUB unless set) at the rate in force on
  the day the agreement was signed, by the rules of :mod:`portal.money.conversion` (direct,
  inverse or cross rate). A grant with no rate in force that day is never dropped silently
  nor guessed: it stays out of ``grant`` and is reported under ``unconverted``, in its own
  currency, on its row and in the total (with the number of projects it concerns).
- **projects**: proposals with a grant agreement (a project row), for the classification, the
  three-state count and the state pairs.

Breakdowns: **by state**, a proposal counts for each state among its partners' organisations
(once per state), and partners and grants for their organisation's state; **by technology
field**, a proposal counts for each of its fields; **by cluster**, a proposal counts for each
published cluster one of its partners is a member of (membership as it is now), and partners
and grants for the clusters of their organisation; **by call**, each proposal counts for its
call, which also gives the grant in the call's own currency.

**ip** sums, over the funded projects, the patent applications filed and the licences granted
that each project's latest accepted report states (the joint R&D's IP indicators,
:mod:`portal.projects.ip_counts`; a project with none counts 0).

**three_state** counts the projects with partners from three or more member states (the
"Eurasian programme" mark); **state_pairs** counts, for each unordered pair of states, the
projects with partners from both.

**clusters** counts the published clusters per classification (cross-border, transnational,
national: :attr:`portal.registry.models.Cluster.classification`, from the regions of their
accepted members), as they are now, whatever the call.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, distinct, func, or_, select

from portal.calls.committed import committed_of
from portal.calls.models import Call, CallEnvelope
from portal.extensions import db
from portal.money.conversion import RateHistory
from portal.projects.ip_counts import IpCounts, total_ip_counts
from portal.projects.models import Project, ProjectGrant
from portal.proposals.models import (
    Proposal,
    ProposalPartner,
    StatusChange,
    proposal_technology_field,
)
from portal.proposals.workflow import ProposalStatus as S
from portal.reference.classifier import Classification
from portal.reference.queries import reference_names, state_name, technology_field_name
from portal.registry.models import Cluster, ClusterMember, Organisation, ProfileStatus

CENT = Decimal("0.01")

#: Statuses a proposal reaches only after passing eligibility.
PAST_ELIGIBILITY = (S.ELIGIBLE, S.RETURNED_TO_APPLICANT, S.IN_REVIEW, S.CONSOLIDATION,
                    S.READY_FOR_COUNCIL, S.ON_AGENDA, S.APPROVED, S.APPROVED_WITH_CONDITIONS,
                    S.REJECTED, S.NO_CONSENSUS, S.IN_IMPLEMENTATION, S.COMPLETED)
#: Statuses of a proposal with an adopted decision.
APPROVED = (S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.IN_IMPLEMENTATION, S.COMPLETED)
#: Partners from this many member states make a project of the "Eurasian programme".
THREE_STATES = 3

_EVER_ELIGIBLE = or_(Proposal.status.in_(PAST_ELIGIBILITY), Proposal.id.in_(
    select(StatusChange.proposal_id).where(StatusChange.to_status == S.ELIGIBLE)))
_APPROVED = Proposal.status.in_(APPROVED)
_field = proposal_technology_field.c


@dataclass
class Row:
    """One line of a breakdown: ``key`` is a state code, a field key, a cluster or call id."""

    key: str | int
    name: str
    proposals: int = 0
    eligible: int = 0
    approved: int = 0
    partners: int = 0
    #: In the statistics' currency, of the grants that could be converted.
    grant: Decimal = Decimal(0)
    #: Grants with no rate in force, by their currency.
    unconverted: dict[str, Decimal] = field(default_factory=dict)
    #: A call's own currency and its grants in it (``by_call`` only).
    call_currency: str | None = None
    grant_in_call_currency: Decimal | None = None
    #: A call's national envelopes (``by_call`` only): ``{state, amount, currency, committed,
    #: remaining}``, each in its state's currency.
    envelopes: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Unconverted:
    currency: str
    amount: Decimal
    projects: int


@dataclass
class Statistics:
    currency: str
    call_id: int | None
    by_state: list[Row]
    by_technology_field: list[Row]
    by_cluster: list[Row]
    by_call: list[Row]
    classification: dict[str, int]
    three_state: int
    state_pairs: list[tuple[tuple[str, str], int]]
    unconverted: list[Unconverted]
    #: Published clusters per classification, every classification present (0 when none).
    clusters: dict[str, int] = field(default_factory=dict)
    #: Patents filed and licences granted, summed over the funded projects.
    ip: IpCounts = field(default_factory=IpCounts)


def _counts(key_columns: tuple, joined, call_id: int | None) -> list:
    """``(keys..., proposals, eligible, approved, partners)`` of the submitted proposals, per
    key of the joined dimension."""
    query = (select(*key_columns,
                    func.count(distinct(Proposal.id)),
                    func.count(distinct(case((_EVER_ELIGIBLE, Proposal.id)))),
                    func.count(distinct(case((_APPROVED, Proposal.id)))),
                    func.count(distinct(case((_APPROVED, ProposalPartner.id)))))
             .select_from(Proposal)
             .outerjoin(ProposalPartner, ProposalPartner.proposal_id == Proposal.id))
    query = joined(query).where(Proposal.submitted_at.is_not(None))
    if call_id is not None:
        query = query.where(Proposal.call_id == call_id)
    return db.session.execute(query.group_by(*key_columns)).all()


def _grants(key_column, joined, call_id: int | None) -> list:
    """``(key, currency, signed_on, amount, projects)``: the grants per key, call currency and
    day of signing (the rate in force is the same for the whole group)."""
    query = (select(key_column, Call.currency, Project.signed_on,
                    func.sum(ProjectGrant.amount), func.count(distinct(Project.id)))
             .select_from(ProjectGrant)
             .join(Project, Project.id == ProjectGrant.project_id)
             .join(Proposal, Proposal.id == Project.proposal_id)
             .join(Call, Call.id == Proposal.call_id))
    query = joined(query)
    if call_id is not None:
        query = query.where(Proposal.call_id == call_id)
    return db.session.execute(query.group_by(key_column, Call.currency, Project.signed_on)).all()


def _by_partner_state(query):
    return query.join(Organisation, Organisation.id == ProposalPartner.organisation_id)


def _by_grant_state(query):
    return query.join(Organisation, Organisation.id == ProjectGrant.organisation_id)


def _published_clusters_of(organisation_id):
    def join(query):
        return (query.join(ClusterMember, ClusterMember.organisation_id == organisation_id)
                .join(Cluster, and_(Cluster.id == ClusterMember.cluster_id,
                                    Cluster.status == ProfileStatus.PUBLISHED)))
    return join


def _by_field(query):
    return query.join(proposal_technology_field, _field.proposal_id == Proposal.id)


def _no_join(query):
    return query


class _Converter:
    """Converts grouped grants into the statistics' currency with one :class:`RateHistory`."""

    def __init__(self, currency: str, days: list[date]):
        self.currency = currency
        self._history = RateHistory(min(days), max(days)) if days else None
        self._books: dict[date, object] = {}

    def convert(self, amount: Decimal, currency: str, on: date) -> Decimal | None:
        if currency == self.currency:
            return amount
        if on not in self._books:
            self._books[on] = self._history.book(on)
        conversion = self._books[on].conversion(currency, self.currency)
        return conversion.convert(amount) if conversion else None


def _add_grants(rows: dict, groups: list, converter: _Converter) -> None:
    for key, currency, signed_on, amount, _projects in groups:
        row = rows.get(key)
        if row is None:
            continue
        converted = converter.convert(amount, currency, signed_on)
        if converted is None:
            row.unconverted[currency] = row.unconverted.get(currency, Decimal(0)) + amount
        else:
            row.grant += converted


def _fill(rows: dict, counts: list) -> None:
    for *keys, proposals, eligible, approved, partners in counts:
        row = rows.get(keys[0])
        if row is not None:
            row.proposals, row.eligible, row.approved, row.partners = (
                proposals, eligible, approved, partners)


def _round(rows: list[Row]) -> list[Row]:
    for row in rows:
        row.grant = row.grant.quantize(CENT)
        row.unconverted = {c: a.quantize(CENT) for c, a in sorted(row.unconverted.items())}
    return rows


def _add_envelopes(by_call: dict) -> None:
    """Each call's national envelopes with what its decisions committed, in two statements."""
    if not by_call:
        return
    envelopes = db.session.execute(
        select(CallEnvelope.call_id, CallEnvelope.state_code, CallEnvelope.amount,
               CallEnvelope.currency).where(CallEnvelope.call_id.in_(list(by_call)))
        .order_by(CallEnvelope.call_id, CallEnvelope.state_code)).all()
    committed = committed_of({call_id for call_id, *_rest in envelopes})
    for call_id, state, amount, currency in envelopes:
        spent = committed.get(call_id, {}).get(state, Decimal(0))
        by_call[call_id].envelopes.append({
            "state": state, "amount": amount, "currency": currency,
            "committed": spent.quantize(CENT), "remaining": (amount - spent).quantize(CENT)})


def _project_states(call_id: int | None):
    """``(project_id, state)``: each funded project with the states of its partners, once each."""
    states = (select(Project.id.label("project_id"), Organisation.state_code.label("state"))
              .join(ProposalPartner, ProposalPartner.proposal_id == Project.proposal_id)
              .join(Organisation, Organisation.id == ProposalPartner.organisation_id))
    if call_id is not None:
        states = states.join(Proposal, Proposal.id == Project.proposal_id).where(
            Proposal.call_id == call_id)
    return states.distinct().subquery()


def project_state_pairs(call_id: int | None = None) -> list[tuple[tuple[str, str], int]]:
    """For each unordered pair of states (codes in alphabetical order), the funded projects
    with partners from both, most first; in one statement."""
    states = _project_states(call_id)
    first, second = states.alias("first"), states.alias("second")
    pairs = db.session.execute(
        select(first.c.state, second.c.state, func.count(distinct(first.c.project_id)))
        .join(second, and_(second.c.project_id == first.c.project_id,
                           first.c.state < second.c.state))
        .group_by(first.c.state, second.c.state)
        .order_by(func.count(distinct(first.c.project_id)).desc(), first.c.state,
                  second.c.state)).all()
    return [((a, b), n) for a, b, n in pairs]


def _classification(call_id: int | None) -> tuple[dict[str, int], int, list]:
    """Projects per classification, those with three states or more, and per pair of states."""
    by_class = select(Proposal.classification, func.count(Project.id)).join(
        Proposal, Proposal.id == Project.proposal_id)
    if call_id is not None:
        by_class = by_class.where(Proposal.call_id == call_id)
    states = _project_states(call_id)
    classification = {kind.value: 0 for kind in Classification}
    for kind, number in db.session.execute(by_class.group_by(Proposal.classification)):
        if kind in classification:
            classification[kind] = number
    wide = (select(states.c.project_id).group_by(states.c.project_id)
            .having(func.count(states.c.state) >= THREE_STATES).subquery())
    three = db.session.scalar(select(func.count()).select_from(wide)) or 0
    return classification, three, project_state_pairs(call_id)


def _clusters() -> dict[str, int]:
    """Published clusters per classification, in one statement."""
    counts = {kind.value: 0 for kind in Classification}
    for kind, number in db.session.execute(
            select(Cluster.classification, func.count(Cluster.id))
            .where(Cluster.status == ProfileStatus.PUBLISHED)
            .group_by(Cluster.classification)):
        if kind in counts:
            counts[kind] = number
    return counts


def compute(currency: str, call_id: int | None = None, language: str | None = None) -> Statistics:
    """Every figure of the statistics (all calls, or one), names in ``language``."""
    names = reference_names()
    by_state = {code: Row(code, state_name(code, language)) for code in names.states}
    by_field = {key: Row(key, technology_field_name(key, language))
                for key in names.technology_fields}
    _fill(by_state, _counts((Organisation.state_code,), _by_partner_state, call_id))
    _fill(by_field, _counts((_field.field_key,), _by_field, call_id))
    cluster_counts = _counts((Cluster.id, Cluster.name),
                             _published_clusters_of(ProposalPartner.organisation_id), call_id)
    by_cluster = {key: Row(key, name) for key, name, *_rest in cluster_counts}
    _fill(by_cluster, cluster_counts)
    call_counts = _counts((Call.id, Call.title, Call.currency),
                          lambda q: q.join(Call, Call.id == Proposal.call_id), call_id)
    by_call = {key: Row(key, title, call_currency=currency_, grant_in_call_currency=Decimal(0))
               for key, title, currency_, *_rest in call_counts}
    _fill(by_call, call_counts)

    grants = [
        (by_state, _grants(Organisation.state_code, _by_grant_state, call_id)),
        (by_field, _grants(_field.field_key, _by_field, call_id)),
        (by_cluster, _grants(Cluster.id, _published_clusters_of(ProjectGrant.organisation_id),
                             call_id)),
        (by_call, _grants(Proposal.call_id, _no_join, call_id)),
    ]
    converter = _Converter(currency, sorted({g[2] for _rows, groups in grants for g in groups}))
    for rows, groups in grants:
        _add_grants(rows, groups, converter)
    unconverted: dict[str, list] = defaultdict(lambda: [Decimal(0), 0])
    for key, call_currency, signed_on, amount, projects in grants[-1][1]:
        if key in by_call:
            by_call[key].grant_in_call_currency += amount
        if converter.convert(amount, call_currency, signed_on) is None:
            unconverted[call_currency][0] += amount
            unconverted[call_currency][1] += projects
    for row in by_call.values():
        row.grant_in_call_currency = row.grant_in_call_currency.quantize(CENT)
    _add_envelopes(by_call)

    classification, three, pairs = _classification(call_id)
    return Statistics(
        currency=currency, call_id=call_id,
        by_state=_round(list(by_state.values())),
        by_technology_field=_round(list(by_field.values())),
        by_cluster=_round(sorted(by_cluster.values(), key=lambda r: (-r.proposals, r.name))),
        by_call=_round(sorted(by_call.values(), key=lambda r: -int(r.key))),
        classification=classification, three_state=three, state_pairs=pairs,
        clusters=_clusters(),
        unconverted=[Unconverted(c, a.quantize(CENT), n)
                     for c, (a, n) in sorted(unconverted.items())],
        ip=_ip(call_id))


def _ip(call_id: int | None) -> IpCounts:
    projects = select(Project.id)
    if call_id is not None:
        projects = projects.join(Proposal, Proposal.id == Project.proposal_id).where(
            Proposal.call_id == call_id)
    return total_ip_counts(projects)
