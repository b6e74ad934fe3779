"""The terms a call sets that later stages apply: which documents a proposal may attach, and the
rule the council decides its proposals by.

They belong to the call, the lowest feature that names them: proposals check attachments
against :class:`AttachmentKind`, and the council's tally counts by :class:`DecisionRule`.
Plain enumerations, so the pure tally can import them without the database.
"""

from __future__ import annotations

from enum import StrEnum


class AttachmentKind(StrEnum):
    LETTER_OF_INTENT = "letter_of_intent"
    CONSORTIUM_AGREEMENT = "consortium_agreement"
    FINANCIAL_STATEMENT = "financial_statement"
    OTHER = "other"


class DecisionRule(StrEnum):
    CONSENSUS = "consensus"
    QUALIFIED_MAJORITY = "qualified_majority"
