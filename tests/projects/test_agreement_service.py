"""The grant agreement's service: only the secretariat, only an approved proposal whose decision
is in force, once; grants to partners within the call's maximum; a signing date neither in the
future nor before the decision; the project, its grants and its schedule created; the
proposal's history and the audit log written; the signed PDF stored, a refused one leaving
nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from portal.council.models import Decision
from portal.extensions import db
from portal.projects import agreement, schedule
from portal.projects.agreement import SignedPdf, record_agreement
from portal.projects.models import Project
from portal.proposals.models import StatusChange
from tests.factories import make_approved_proposal, make_call, make_proposal, make_user
from tests.projects.agreement_support import (
    HTML_AS_PDF,
    PDF,
    grants_of,
    signed_last_week,
    stored_agreements,
)


@pytest.fixture
def secretariat(session):
    return make_user("secretariat")


def _record(proposal, actor, **values):
    values.setdefault("signed_on", signed_last_week())
    values.setdefault("grants", grants_of(proposal))
    with force_locale("en"):
        return record_agreement(proposal.id, actor=actor, **values)


def _refused(proposal, actor, **values) -> dict:
    with pytest.raises(ValidationError) as caught:
        _record(proposal, actor, **values)
    assert caught.value.status == 422
    return caught.value.fields


def test_the_agreement_starts_the_project_with_its_grants_and_schedule(secretariat):
    proposal = make_approved_proposal()
    signed_on = signed_last_week()

    project = _record(proposal, secretariat, signed_on=signed_on.isoformat(),
                      reporting_period_months=6)

    assert proposal.status == "in_implementation"
    assert project.proposal_id == proposal.id and project.signed_on == signed_on
    decision_id = db.session.scalar(select(Decision.id).where(Decision.proposal_id == proposal.id))
    assert project.decision_id == decision_id
    assert project.starts_on == signed_on + timedelta(days=1)
    assert project.ends_on == schedule.add_months(project.starts_on, 24) - timedelta(days=1)
    assert sorted((g.organisation_id, g.amount) for g in project.grants) == sorted(
        (p.organisation_id, Decimal("700000.00")) for p in proposal.partners)
    expected = schedule.periods(project.starts_on, project.ends_on, 6)
    assert [(p.number, p.starts_on, p.ends_on, p.due_on, p.final) for p in project.periods] == [
        (p.number, p.starts_on, p.ends_on, p.due_on, p.final) for p in expected]
    assert [p.final for p in project.periods] == [False, False, False, True]


def test_the_reporting_period_defaults_to_the_calls_setting(secretariat):
    proposal = make_approved_proposal(call=make_call(reporting_period_months=12))

    project = _record(proposal, secretariat)

    assert project.reporting_period_months == 12
    assert [p.number for p in project.periods] == [1, 2]


def test_the_history_and_the_audit_log_record_the_agreement(secretariat):
    proposal = make_approved_proposal()

    project = _record(proposal, secretariat, conditions_note="All signed.")

    change = db.session.scalar(select(StatusChange).where(
        StatusChange.proposal_id == proposal.id, StatusChange.action == "sign_agreement"))
    assert (change.from_status, change.to_status, change.actor_id) == (
        "approved", "in_implementation", secretariat.id)
    assert change.note == "All signed."
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "project.agreement_recorded"))
    assert entry.object == f"project:{project.id}"
    assert entry.data["proposal"] == proposal.id and entry.data["grant"] == "1400000.00"
    assert entry.data["periods"] == 4
    assert db.session.scalar(select(AuditEntry.seq).where(
        AuditEntry.action == "proposal.sign_agreement")) is not None


@pytest.mark.parametrize("role", ["council_member:KZ", "contact_point:RU", "admin", "expert"])
def test_only_the_secretariat_records_an_agreement(session, role):
    proposal = make_approved_proposal()
    with pytest.raises(PermissionDenied):
        _record(proposal, make_user(role))
    with pytest.raises(PermissionDenied):
        _record(proposal, proposal.created_by)
    assert proposal.status == "approved"


def test_an_unknown_proposal_is_not_found(secretariat):
    with force_locale("en"), pytest.raises(NotFound):
        record_agreement(10**9, signed_last_week(), [], secretariat)


def test_a_proposal_that_is_not_approved_has_no_agreement(secretariat):
    proposal = make_proposal()
    with pytest.raises(ConflictError):
        _record(proposal, secretariat)
    assert db.session.scalar(select(Project.id)) is None


def test_a_decision_not_in_force_yet_has_no_agreement(secretariat):
    proposal = make_approved_proposal(in_force=False)
    with pytest.raises(ConflictError) as caught:
        _record(proposal, secretariat)
    assert "not entered into force" in caught.value.message
    assert proposal.status == "approved"


def test_a_second_agreement_is_refused(secretariat):
    proposal = make_approved_proposal()
    _record(proposal, secretariat)
    with pytest.raises(ConflictError) as caught:
        _record(proposal, secretariat)
    assert caught.value.status == 409 and "already recorded" in caught.value.message


def test_a_grant_to_an_organisation_that_is_not_a_partner_is_refused(secretariat):
    proposal = make_approved_proposal()
    outsider = make_proposal().partners[0].organisation_id
    fields = _refused(proposal, secretariat,
                      grants=[{"organisation_id": outsider, "amount": "1000"}])
    assert fields["grants.0.organisation_id"] == ["Not a partner of this proposal."]
    assert proposal.status == "approved"


def test_two_grants_to_one_partner_are_refused(secretariat):
    proposal = make_approved_proposal()
    lead = proposal.partners[0].organisation_id
    fields = _refused(proposal, secretariat, grants=[
        {"organisation_id": lead, "amount": "1000"}, {"organisation_id": lead, "amount": "5"}])
    assert fields["grants.1.organisation_id"] == ["Each partner has one grant at most."]


@pytest.mark.parametrize("amount, message", [
    ("0", "The grant must be more than 0."),
    ("-5", "The grant must be more than 0."),
    ("10.005", "At most 2 decimal places."),
    ("1e20", "Must be between 0 and 10,000,000,000,000."),
    ("lots", "Must be a number."),
    (True, "Must be a number."),
    (None, "This field is required."),
])
def test_a_grant_amount_must_be_positive_with_cents_and_bounded(secretariat, amount, message):
    proposal = make_approved_proposal()
    fields = _refused(proposal, secretariat, grants=[
        {"organisation_id": proposal.partners[0].organisation_id, "amount": amount}])
    assert fields["grants.0.amount"] == [message]


@pytest.mark.parametrize("grants", [[], None, "all", {"organisation_id": 1}])
def test_grants_must_be_a_non_empty_list(secretariat, grants):
    assert "grants" in _refused(make_approved_proposal(), secretariat, grants=grants)


def test_more_grants_than_partners_are_refused_before_any_is_read(secretariat):
    proposal = make_approved_proposal()
    fields = _refused(proposal, secretariat, grants=grants_of(proposal) * 50)
    assert fields == {"grants": ["At most one grant per partner: 2."]}


def test_grants_above_the_calls_maximum_are_refused(secretariat):
    proposal = make_approved_proposal(call=make_call(max_grant=Decimal("1000000")))
    fields = _refused(proposal, secretariat, grants=grants_of(proposal, "600000"))
    assert fields["grants"] == ["The grants total 1,200,000 RUB, more than the call's maximum "
                                "grant of 1,000,000 RUB."]


def test_a_signing_date_in_the_future_or_before_the_decision_is_refused(secretariat):
    proposal = make_approved_proposal()
    future = _refused(proposal, secretariat, signed_on=date.today() + timedelta(days=3))
    assert future["signed_on"] == ["The agreement cannot be signed in the future."]
    early = _refused(proposal, secretariat, signed_on=date.today() - timedelta(days=60))
    assert early["signed_on"][0].startswith("The agreement cannot be signed before the decision")
    for bad in ("yesterday", "2026-02-30", 20260101, "2026-01-01T00:00:00Z" * 5):
        assert "signed_on" in _refused(proposal, secretariat, signed_on=bad)


@pytest.mark.parametrize("months", [0, 25, "six", 2.5])
def test_the_reporting_period_is_one_to_twenty_four_months(secretariat, months):
    fields = _refused(make_approved_proposal(), secretariat, reporting_period_months=months)
    assert "reporting_period_months" in fields


def test_the_conditions_note_is_required_when_the_decision_had_conditions(secretariat):
    proposal = make_approved_proposal()
    decision = db.session.scalar(select(Decision).where(Decision.proposal_id == proposal.id))
    decision.conditions = "Add a Kazakh partner."
    fields = _refused(proposal, secretariat)
    assert fields == {"conditions_note": ["This field is required."]}
    project = _record(proposal, secretariat, conditions_note="A Kazakh partner joined.")
    assert project.conditions_note == "A Kazakh partner joined."


def test_every_invalid_value_is_listed_at_once(secretariat):
    proposal = make_approved_proposal()
    fields = _refused(proposal, secretariat, signed_on="", grants=[], reporting_period_months=99,
                      conditions_note="x" * 10_001)
    assert set(fields) == {"signed_on", "grants", "reporting_period_months", "conditions_note"}


def test_the_signed_pdf_is_stored_under_a_random_name(app, secretariat):
    proposal = make_approved_proposal()

    project = _record(proposal, secretariat,
                      agreement_file=SignedPdf("../../Agreement signed.pdf", PDF))

    assert project.agreement_filename == "Agreement signed.pdf"
    assert project.agreement_size == len(PDF) and len(project.agreement_sha256) == 64
    stored = Path(app.config["UPLOAD_DIR"]) / "projects" / project.agreement_stored_name
    assert stored.read_bytes() == PDF and "Agreement" not in project.agreement_stored_name


@pytest.mark.parametrize("data, message", [
    (HTML_AS_PDF, "The file is not a readable PDF document."),
    (b"MZ\x90\x00binary", "Only PDF files are accepted."),
    (b"", "The file is empty."),
])
def test_a_refused_pdf_refuses_the_agreement_and_leaves_nothing(app, secretariat, data,
                                                                message):
    proposal = make_approved_proposal()
    before = stored_agreements(app)

    fields = _refused(proposal, secretariat, agreement_file=SignedPdf("a.pdf", data))

    assert fields == {"file": [message]}
    assert proposal.status == "approved" and db.session.scalar(select(Project.id)) is None
    assert stored_agreements(app) == before


def test_an_agreement_whose_transaction_rolls_back_leaves_no_file(app, secretariat):
    proposal = make_approved_proposal()
    db.session.commit()
    before = stored_agreements(app)
    db.session.begin_nested()
    _record(proposal, secretariat, agreement_file=SignedPdf("a.pdf", PDF))
    assert stored_agreements(app) != before
    db.session.rollback()
    assert stored_agreements(app) == before


def test_the_signed_pdf_is_read_by_the_partners_and_the_council_only(secretariat):
    proposal = make_approved_proposal()
    project = _record(proposal, secretariat, agreement_file=SignedPdf("a.pdf", PDF))
    partner = make_user(f"org_member:{proposal.partners[1].organisation_id}")
    for reader in (secretariat, partner, make_user("council_alternate:AM")):
        found, path = agreement.open_agreement_file(project.id, reader)
        assert found is project and path.read_bytes() == PDF
    for outsider in (make_user("expert"), make_user("contact_point:KZ")):
        with force_locale("en"), pytest.raises(PermissionDenied):
            agreement.open_agreement_file(project.id, outsider)
    downloads = db.session.scalars(select(AuditEntry.actor).where(
        AuditEntry.action == "project.agreement_download")).all()
    assert len(downloads) == 3


def test_requested_grants_are_the_budget_less_cofinancing(session):
    proposal = make_approved_proposal()
    assert set(agreement.requested_grants(proposal).values()) == {Decimal("700000.00")}
