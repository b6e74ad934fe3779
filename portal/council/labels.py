"""Names of the council's enums, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

OUTCOME_NAMES = {
    "adopted": _l("adopted"),
    "rejected": _l("rejected"),
    "no_consensus": _l("no consensus"),
}

CHOICE_NAMES = {
    "for": _l("for"),
    "against": _l("against"),
    "abstain": _l("abstain"),
}

KIND_NAMES = {
    "meeting": _l("meeting"),
    "written": _l("written procedure"),
}

SESSION_STATUS_NAMES = {
    "open": _l("open for votes"),
    "closing": _l("closing: the votes are being counted"),
    "closed": _l("closed and counted"),
}

RULE_NAMES = {
    "consensus": _l("consensus"),
    "qualified_majority": _l("qualified majority"),
}
