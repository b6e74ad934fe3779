"""The grant agreement that starts a funded project (DESIGN 4.8, API.md "Funded projects").

The secretariat records the agreement of an approved proposal whose decision is in force: the
signing date, the grant of each partner, what was recorded of the decision's conditions being
met, and the signed PDF. Recording it moves the proposal to ``in_implementation`` through the
workflow's ``sign_agreement`` row (so the decision must be in force, and the status history
and the audit log are written as for every move), creates the :class:`Project` with a grant
per partner, and its reporting schedule: a period every ``reporting_period_months`` (the
call's setting unless told otherwise) through the proposal's duration, the last one's report
being the final report, each due by a day in the call's time zone. It cannot be undone.

:func:`plan_agreement` checks every value and answers what would be created, changing
nothing: the page's "check your answers" step shows exactly that, and
:func:`record_agreement` creates it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from portal.calls.validation import decimal, integer, text
from portal.core import audit, limits, numbers
from portal.core.db import utcnow
from portal.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from portal.core.validation import Problems, add_problem, raise_if
from portal.council.models import Decision
from portal.council.proposal_hooks import latest_decision
from portal.extensions import db
from portal.projects import schedule
from portal.projects.models import Project, ProjectGrant, ReportingPeriod
from portal.projects.permissions import can_read_agreement, may_record_agreement
from portal.proposals.attachments import check_pdf, display_name, max_bytes
from portal.proposals.budget import partner_budget
from portal.proposals.eligibility import CENT
from portal.proposals.models import Proposal
from portal.proposals.services import get_proposal
from portal.proposals.storage import write_file
from portal.proposals.transitions import apply_transition, check_transition
from portal.proposals.workflow import Action

#: The folder of ``UPLOAD_DIR`` that keeps the signed agreements.
SUBFOLDER = "projects"
#: The reporting period a caller may ask for, in months.
PERIOD_MONTHS = (1, 24)


@dataclass(frozen=True)
class SignedPdf:
    """An uploaded signed agreement: the name it was sent under and its bytes (read up to one
    byte beyond :func:`~portal.proposals.attachments.max_bytes`, so that a larger one is
    refused without being read whole)."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class AgreementPlan:
    """What recording the agreement will create, once every value is checked."""

    proposal: Proposal
    decision: Decision
    signed_on: date
    starts_on: date
    ends_on: date
    reporting_period_months: int
    #: ``(organisation id, amount)`` in the order of the proposal's partners.
    grants: tuple[tuple[int, Decimal], ...]
    total: Decimal
    periods: tuple[schedule.Period, ...]
    conditions_note: str


def folder() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / SUBFOLDER


def requested_grants(proposal: Proposal) -> dict[int, Decimal | None]:
    """What each partner asked, by organisation id: its budget in the call's currency less its
    co-financing, to the cent; ``None`` where a budget line has no exchange rate."""
    asked: dict[int, Decimal | None] = {}
    for partner in proposal.partners:
        total = partner_budget(partner, proposal.call.currency).converted_total
        asked[partner.organisation_id] = (
            None if total is None
            else (total * (1 - partner.cofinancing_rate)).quantize(CENT, ROUND_HALF_UP))
    return asked


def project_of(proposal_id: int) -> Project | None:
    return db.session.scalar(select(Project).where(Project.proposal_id == proposal_id))


def _signed_on(problems: Problems, value, proposal: Proposal, decision: Decision,
               now: datetime) -> date | None:
    if value is None or value == "":
        add_problem(problems, "signed_on", _("This field is required."))
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip()) if len(value) <= 10 else None
        except ValueError:
            value = None
    if isinstance(value, datetime) or not isinstance(value, date):
        add_problem(problems, "signed_on", _("A date, e.g. 2026-05-01."))
        return None
    if out_of_range := limits.date_problem(value):
        add_problem(problems, "signed_on", out_of_range)
        return None
    zone = ZoneInfo(proposal.call.timezone)
    if value > now.astimezone(zone).date():
        add_problem(problems, "signed_on", _("The agreement cannot be signed in the future."))
    elif value < decision.decided_at.astimezone(zone).date():
        add_problem(problems, "signed_on",
                    _("The agreement cannot be signed before the decision (%(day)s).",
                      day=decision.decided_at.astimezone(zone).date().isoformat()))
    return value


def _amount(problems: Problems, field: str, value) -> Decimal | None:
    amount = decimal(problems, field, value)
    if amount is None:
        return None
    if amount <= 0:
        add_problem(problems, field, _("The grant must be more than 0."))
    elif out_of_bounds := limits.number_problem(amount, limits.AMOUNT):
        add_problem(problems, field, out_of_bounds)
    elif amount != amount.quantize(CENT):
        add_problem(problems, field, _("At most 2 decimal places."))
    else:
        return amount.quantize(CENT)
    return None


def _grants(problems: Problems, value, proposal: Proposal) -> list[tuple[int, Decimal]]:
    """``(organisation id, amount)`` of each valid grant, in the order of the partners."""
    partners = [partner.organisation_id for partner in proposal.partners]
    if not isinstance(value, list) or not value:
        add_problem(problems, "grants", _("Give the grant of at least one partner."))
        return []
    if len(value) > len(partners):
        add_problem(problems, "grants", _("At most one grant per partner: %(n)d.",
                                          n=len(partners)))
        return []
    found: dict[int, Decimal] = {}
    for index, row in enumerate(value):
        field = f"grants.{index}"
        if not isinstance(row, dict):
            add_problem(problems, field, _("Must be an object with organisation_id and amount."))
            continue
        organisation_id = row.get("organisation_id")
        amount = _amount(problems, f"{field}.amount", row.get("amount"))
        if not limits.is_id(organisation_id) or organisation_id not in partners:
            add_problem(problems, f"{field}.organisation_id",
                        _("Not a partner of this proposal."))
        elif organisation_id in found:
            add_problem(problems, f"{field}.organisation_id",
                        _("Each partner has one grant at most."))
        elif amount is not None:
            found[organisation_id] = amount
    return [(organisation_id, found[organisation_id]) for organisation_id in partners
            if organisation_id in found]


def _within_max_grant(problems: Problems, total: Decimal, proposal: Proposal) -> None:
    call = proposal.call
    if total > call.max_grant:
        add_problem(problems, "grants", _(
            "The grants total %(total)s %(currency)s, more than the call's maximum grant of "
            "%(maximum)s %(currency)s.", total=numbers.amount(total, None),
            maximum=numbers.amount(call.max_grant, None), currency=call.currency))


def _period_months(problems: Problems, value, proposal: Proposal) -> int | None:
    months = integer(problems, "reporting_period_months", value,
                     default=proposal.call.reporting_period_months)
    if months is not None and not PERIOD_MONTHS[0] <= months <= PERIOD_MONTHS[1]:
        add_problem(problems, "reporting_period_months",
                    _("Must be between %(low)s and %(high)s.", low=PERIOD_MONTHS[0],
                      high=PERIOD_MONTHS[1]))
        return None
    return months


def _conditions_note(problems: Problems, value, decision: Decision) -> str:
    """Required when the council adopted the proposal with conditions."""
    return text(problems, "conditions_note", value, limits.DESCRIPTION_MAX,
                required=bool((decision.conditions or "").strip()))


def check_signed_pdf(problems: Problems, pdf: SignedPdf | None) -> None:
    """The signed agreement, when given: a readable PDF within the size of attachments."""
    if pdf is None:
        return
    if not pdf.data:
        add_problem(problems, "file", _("The file is empty."))
    elif len(pdf.data) > max_bytes():
        add_problem(problems, "file", _("The file is larger than %(n)d MB.",
                                        n=max_bytes() // (1024 * 1024)))
    else:
        try:
            check_pdf(pdf.data)
        except ValidationError as refused:
            for message in refused.fields.get("file", [refused.message]):
                add_problem(problems, "file", message)


def proposal_to_start(proposal_id: int, actor, now: datetime) -> tuple[Proposal, Decision]:
    """The proposal once the actor may record its agreement now (403, 404, 409 otherwise)."""
    if not may_record_agreement(actor):
        raise PermissionDenied(_("Only the secretariat records grant agreements."))
    proposal = get_proposal(proposal_id, actor)
    if project_of(proposal.id) is not None:
        raise ConflictError(_("The grant agreement of this proposal is already recorded."))
    check_transition(proposal, Action.SIGN_AGREEMENT, actor, now=now)
    decision = latest_decision(proposal)
    if decision is None:  # the guard "decision in force" holds: never without a decision
        raise ConflictError(_("The decision has not entered into force yet."))
    return proposal, decision


def may_start(proposal: Proposal, actor, now: datetime | None = None) -> bool:
    """Whether ``actor`` may record ``proposal``'s agreement now: for the page's link."""
    try:
        proposal_to_start(proposal.id, actor, now or utcnow())
    except (PermissionDenied, NotFound, ConflictError):
        return False
    return True


def plan_agreement(proposal_id: int, signed_on, grants, actor, reporting_period_months=None,
                   conditions_note="", agreement_file: SignedPdf | None = None,
                   now: datetime | None = None) -> AgreementPlan:
    """Check everything :func:`record_agreement` checks and answer what it would create,
    changing nothing: 403, 404 and 409 as it does, 422 with every invalid value."""
    now = now or utcnow()
    proposal, decision = proposal_to_start(proposal_id, actor, now)
    problems: Problems = {}
    day = _signed_on(problems, signed_on, proposal, decision, now)
    chosen = _grants(problems, grants, proposal)
    total = sum((amount for _organisation, amount in chosen), Decimal(0))
    _within_max_grant(problems, total, proposal)
    months = _period_months(problems, reporting_period_months, proposal)
    note = _conditions_note(problems, conditions_note, decision)
    check_signed_pdf(problems, agreement_file)
    raise_if(problems)
    starts_on, ends_on = schedule.project_dates(day, proposal.duration_months)
    return AgreementPlan(proposal, decision, day, starts_on, ends_on, months, tuple(chosen),
                         total, tuple(schedule.periods(starts_on, ends_on, months)), note)


def _store(project: Project, pdf: SignedPdf) -> None:
    """Fill the project's ``agreement_*`` columns and write the file last (removed again if the
    transaction rolls back)."""
    stored_name = f"{secrets.token_hex(16)}.pdf"
    project.agreement_filename = display_name(pdf.filename)
    project.agreement_stored_name = stored_name
    project.agreement_size = len(pdf.data)
    project.agreement_sha256 = hashlib.sha256(pdf.data).hexdigest()
    db.session.flush()
    target = folder()
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_file(target / stored_name, pdf.data)


def record_agreement(proposal_id: int, signed_on, grants, actor, reporting_period_months=None,
                     conditions_note="", agreement_file: SignedPdf | None = None,
                     now: datetime | None = None) -> Project:
    """Record the grant agreement of an approved proposal whose decision is in force (the
    secretariat): the proposal becomes ``in_implementation`` and its project exists with a
    grant per partner given and its reporting schedule. ``grants`` is a list of
    ``{organisation_id, amount}`` (in the call's currency); ``signed_on`` a date (or an ISO
    date) neither in the future nor before the decision, in the call's time zone.

    Raises :class:`PermissionDenied` (403) for anyone but the secretariat, :class:`NotFound`
    (404), :class:`ConflictError` (409) when the proposal is not approved, its decision not in
    force or its agreement already recorded, :class:`ValidationError` (422) with every invalid
    value."""
    now = now or utcnow()
    plan = plan_agreement(proposal_id, signed_on, grants, actor, reporting_period_months,
                          conditions_note, agreement_file, now)
    proposal = plan.proposal
    try:
        with db.session.begin_nested():
            project = _start_project(plan, actor, now)
    except (IntegrityError, StaleDataError):  # another request recorded it in the meantime
        raise ConflictError(_("The grant agreement of this proposal is already recorded.")) from None
    if agreement_file is not None:
        _store(project, agreement_file)
    audit.record("project.agreement_recorded", actor, f"project:{project.id}",
                 proposal=proposal.id, decision=plan.decision.id,
                 signed_on=plan.signed_on.isoformat(), grant=str(plan.total),
                 currency=proposal.call.currency, periods=len(plan.periods),
                 sha256=project.agreement_sha256)
    db.session.flush()
    return project


def _start_project(plan: AgreementPlan, actor, now: datetime) -> Project:
    """The proposal moved into implementation and its project with grants and schedule."""
    proposal = plan.proposal
    apply_transition(proposal, Action.SIGN_AGREEMENT, actor, note=plan.conditions_note, now=now)
    project = Project(
        proposal_id=proposal.id, decision_id=plan.decision.id, signed_on=plan.signed_on,
        starts_on=plan.starts_on, ends_on=plan.ends_on,
        reporting_period_months=plan.reporting_period_months,
        conditions_note=plan.conditions_note, created_by_id=actor.id, created_at=now,
        grants=[ProjectGrant(organisation_id=organisation_id, amount=amount)
                for organisation_id, amount in plan.grants],
        periods=[ReportingPeriod(number=p.number, starts_on=p.starts_on, ends_on=p.ends_on,
                                 due_on=p.due_on, final=p.final) for p in plan.periods])
    db.session.add(project)
    db.session.flush()
    return project


def get_project(project_id: int) -> Project:
    project = db.session.get(Project, project_id) if limits.is_id(project_id) else None
    if project is None:
        raise NotFound(_("There is nothing here."))
    return project


def attach_agreement_file(project_id: int, pdf: SignedPdf, actor) -> Project:
    """Store (or replace) the signed agreement of a project (the secretariat); a refused file
    leaves nothing. A replaced file stays on disk: the audit log names it by its SHA-256."""
    if not may_record_agreement(actor):
        raise PermissionDenied(_("Only the secretariat records grant agreements."))
    project = get_project(project_id)
    problems: Problems = {}
    check_signed_pdf(problems, pdf)
    raise_if(problems)
    replaced = project.agreement_sha256
    _store(project, pdf)
    audit.record("project.agreement_file", actor, f"project:{project.id}",
                 sha256=project.agreement_sha256, replaced=replaced)
    db.session.flush()
    return project


def open_agreement_file(project_id: int, actor) -> tuple[Project, Path]:
    """The project and its signed agreement's file, for the secretariat, the partners' members
    and the council (403 for anyone else, 404 without a file); every download is audited."""
    project = get_project(project_id)
    if not can_read_agreement(actor, project):
        raise PermissionDenied(_("Only the secretariat, the partners and the council read the "
                                 "signed agreement."))
    if project.agreement_stored_name is None:
        raise NotFound(_("The signed agreement has not been uploaded."))
    audit.record("project.agreement_download", actor, f"project:{project.id}",
                 sha256=project.agreement_sha256)
    return project, folder() / project.agreement_stored_name
