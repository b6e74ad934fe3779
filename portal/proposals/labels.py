"""The words of the workflow on pages and in the API: each status, each action's button, and
what happens next in each status."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.calls.terms import AttachmentKind
from portal.proposals.models import BackgroundKind, BudgetCategory, ResultsOwnership
from portal.proposals.workflow import Action, ProposalStatus
from portal.reference.classifier import Classification

S, A = ProposalStatus, Action

STATUS_NAMES = {
    S.DRAFT: _l("Draft"),
    S.SUBMITTED: _l("Submitted"),
    S.INELIGIBLE: _l("Not eligible"),
    S.ELIGIBLE: _l("Eligible"),
    S.RETURNED_TO_APPLICANT: _l("Returned for clarification"),
    S.IN_REVIEW: _l("In expert review"),
    S.CONSOLIDATION: _l("Consolidation of the reviews"),
    S.READY_FOR_COUNCIL: _l("Ready for the council"),
    S.ON_AGENDA: _l("On the council's agenda"),
    S.APPROVED: _l("Approved"),
    S.APPROVED_WITH_CONDITIONS: _l("Approved with conditions"),
    S.REJECTED: _l("Rejected"),
    S.NO_CONSENSUS: _l("No consensus"),
    S.IN_IMPLEMENTATION: _l("In implementation"),
    S.COMPLETED: _l("Completed"),
    S.WITHDRAWN: _l("Withdrawn"),
}

ACTION_NAMES = {
    A.SUBMIT: _l("Submit the proposal"),
    A.MARK_ELIGIBLE: _l("Mark eligible"),
    A.MARK_INELIGIBLE: _l("Mark not eligible"),
    A.OVERRIDE_ELIGIBILITY: _l("Override the eligibility check"),
    A.RETURN_TO_APPLICANT: _l("Return to the applicant"),
    A.START_REVIEW: _l("Start the review"),
    A.CONSOLIDATE: _l("Consolidate the reviews"),
    A.LOCK_REPORT: _l("Lock the consensus report"),
    A.PUT_ON_AGENDA: _l("Put on a council agenda"),
    A.ADOPT: _l("Adopt"),
    A.ADOPT_WITH_CONDITIONS: _l("Adopt with conditions"),
    A.REJECT: _l("Reject"),
    A.RECORD_NO_CONSENSUS: _l("Record no consensus"),
    A.RECONSIDER: _l("Ask for reconsideration"),
    A.MEET_CONDITIONS: _l("Record that the conditions are met"),
    A.SIGN_AGREEMENT: _l("Record the signed agreement"),
    A.COMPLETE: _l("Record completion"),
    A.WITHDRAW: _l("Withdraw the proposal"),
}

NEXT_STEPS = {
    S.DRAFT: _l("Complete the proposal; every partner confirms its participation and, where the "
                "call asks for it, is endorsed by its contact point. Then submit it before the "
                "call closes."),
    S.SUBMITTED: _l("The portal is checking eligibility; the applicant is told the outcome by "
                    "e-mail."),
    S.INELIGIBLE: _l("The proposal did not pass the eligibility check for the reasons listed. "
                     "The secretariat may override the check with a reason."),
    S.ELIGIBLE: _l("Independent experts are being assigned to review the proposal."),
    S.RETURNED_TO_APPLICANT: _l("The secretariat asked for clarification: change the proposal "
                                "and submit it again."),
    S.IN_REVIEW: _l("Experts are reviewing the proposal; when all reviews are in, the "
                    "rapporteur writes the consensus report."),
    S.CONSOLIDATION: _l("The rapporteur writes the consensus report; once it is locked the "
                        "proposal goes to the council."),
    S.READY_FOR_COUNCIL: _l("The secretariat will put the proposal on a council vote session."),
    S.ON_AGENDA: _l("The member states' delegations vote; the decision is recorded when the "
                    "session closes."),
    S.APPROVED: _l("The decision enters into force after the objection window; then the grant "
                   "agreement is signed."),
    S.APPROVED_WITH_CONDITIONS: _l("The conditions of the decision must be met before the "
                                   "grant agreement."),
    S.REJECTED: _l("The council rejected the proposal. A member state may ask for "
                   "reconsideration during the objection window."),
    S.NO_CONSENSUS: _l("The council did not reach consensus. A member state may ask for "
                       "reconsideration during the objection window."),
    S.IN_IMPLEMENTATION: _l("The project is running and reports on its indicators."),
    S.COMPLETED: _l("The project is completed."),
    S.WITHDRAWN: _l("The proposal was withdrawn by its lead; nothing more happens."),
}

CLASSIFICATION_NAMES = {
    Classification.CROSS_BORDER: _l("Cross-border"),
    Classification.TRANSNATIONAL: _l("Transnational"),
    Classification.NATIONAL: _l("National (not eligible for a council call)"),
}

CATEGORY_NAMES = {
    BudgetCategory.STAFF: _l("Staff"),
    BudgetCategory.EQUIPMENT: _l("Equipment"),
    BudgetCategory.TRAVEL: _l("Travel"),
    BudgetCategory.SUBCONTRACTING: _l("Subcontracting"),
    BudgetCategory.CONSUMABLES: _l("Consumables"),
    BudgetCategory.OTHER: _l("Other costs"),
}

BACKGROUND_KIND_NAMES = {
    BackgroundKind.PATENT: _l("Patent or patent application"),
    BackgroundKind.KNOW_HOW: _l("Know-how"),
    BackgroundKind.SOFTWARE: _l("Software"),
    BackgroundKind.DATA: _l("Data"),
    BackgroundKind.OTHER: _l("Other"),
}

#: Who owns the results, in a few words (pages, comparisons) and explained (the editor's radios).
OWNERSHIP_NAMES = {
    ResultsOwnership.CREATOR: _l("By the partner that creates them"),
    ResultsOwnership.JOINT: _l("Jointly by all partners"),
    ResultsOwnership.LEAD: _l("By the lead organisation"),
}
OWNERSHIP_EXPLANATIONS = {
    ResultsOwnership.CREATOR: _l("Each result belongs to the partner whose staff created it; the "
                                 "others use it on the access rights below."),
    ResultsOwnership.JOINT: _l("Every result belongs to all partners together; none may license "
                               "it alone unless the access rights below allow it."),
    ResultsOwnership.LEAD: _l("Every result belongs to the lead organisation, which grants the "
                              "other partners the access rights below."),
}


def background_kind_name(kind: str) -> str:
    return str(BACKGROUND_KIND_NAMES.get(kind, kind))


def ownership_name(ownership: str | None) -> str | None:
    """Who owns the results, in words; ``None`` while the proposal does not say."""
    return None if ownership is None else str(OWNERSHIP_NAMES.get(ownership, ownership))


ATTACHMENT_NAMES = {
    AttachmentKind.LETTER_OF_INTENT: _l("Letter of intent"),
    AttachmentKind.CONSORTIUM_AGREEMENT: _l("Consortium agreement"),
    AttachmentKind.FINANCIAL_STATEMENT: _l("Financial statement"),
    AttachmentKind.OTHER: _l("Other document"),
}


def attachment_kind_name(kind: str) -> str:
    return str(ATTACHMENT_NAMES.get(kind, kind))


def status_name(status: str) -> str:
    return str(STATUS_NAMES.get(status, status))


#: Why a row of :data:`~portal.proposals.workflow.OWN_STEP` is refused as a bare action, and
#: where it is taken instead (``path``: the proposal's agreement endpoint).
OWN_STEP_REFUSALS = {
    A.SIGN_AGREEMENT: _l("The grant agreement is recorded with its signing date and the grant "
                         "of each partner, on the page “Record the grant agreement” or with "
                         "POST %(path)s: it starts the project."),
    A.COMPLETE: _l("A project is completed when the secretariat accepts its final report."),
}


def action_name(action: str) -> str:
    return str(ACTION_NAMES.get(action, action))


def next_step(status: str) -> str:
    return str(NEXT_STEPS.get(status, ""))


#: Each move of the history as a sentence: ``who`` is the actor with whom they acted for (or
#: "the portal" for the worker), ``when`` the moment; a decision names the council, not the
#: worker that tallied it.
HISTORY_SENTENCES = {
    A.SUBMIT: _l("Submitted by %(who)s, %(when)s"),
    A.MARK_ELIGIBLE: _l("Found eligible by the portal's check, %(when)s"),
    A.MARK_INELIGIBLE: _l("Found not eligible by the portal's check, %(when)s"),
    A.OVERRIDE_ELIGIBILITY: _l("Declared eligible by %(who)s, overriding the portal's check, "
                               "%(when)s"),
    A.RETURN_TO_APPLICANT: _l("Returned to the applicant for clarification by %(who)s, "
                              "%(when)s"),
    A.START_REVIEW: _l("Sent to independent experts for review, %(when)s"),
    A.CONSOLIDATE: _l("All reviews in, passed on for the consensus report, %(when)s"),
    A.LOCK_REPORT: _l("Consensus report locked by %(who)s, %(when)s"),
    A.PUT_ON_AGENDA: _l("Put on the council's agenda by %(who)s, %(when)s"),
    A.ADOPT: _l("Approved by the council, %(when)s"),
    A.ADOPT_WITH_CONDITIONS: _l("Approved with conditions by the council, %(when)s"),
    A.REJECT: _l("Rejected by the council, %(when)s"),
    A.RECORD_NO_CONSENSUS: _l("The council reached no consensus, %(when)s"),
    A.RECONSIDER: _l("Reconsideration asked for by %(who)s, %(when)s"),
    A.MEET_CONDITIONS: _l("Conditions recorded as met by %(who)s, %(when)s"),
    A.SIGN_AGREEMENT: _l("Grant agreement recorded by %(who)s, %(when)s"),
    A.COMPLETE: _l("Project recorded as completed by %(who)s, %(when)s"),
    A.WITHDRAW: _l("Withdrawn by %(who)s, %(when)s"),
}
#: A move whose action has no sentence of its own: the status it reached.
HISTORY_FALLBACK = _l("%(status)s, %(when)s")
