"""What waits for a user: one list of tasks across every role they hold (API.md "What waits for
me"), filled by the features that own the work.

The dashboard stands above every feature and shows the list, but the work belongs to the
features below it: an expert's invitation to the review, a ballot to the council, a profile to
moderate to the registry. So each feature registers a **provider** from its ``init_app`` with
:func:`register_provider`; :func:`tasks_for` asks every provider and merges what they answer,
soonest due first. A provider is ``provider(user, now) -> iterable of WaitingTask``: it answers
nothing for a user without the role, and loads its tasks in a fixed number of SQL statements
whatever their number (no query per row), at most :data:`MAX_PER_PROVIDER` of them.

Each application keeps its own providers in ``app.extensions``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from flask import current_app, url_for

_KEY = "core.waiting"
#: The most tasks of one provider that the list holds: a bound on the work of one request.
MAX_PER_PROVIDER = 500


class TaskKind(StrEnum):
    REVIEW_INVITATION = "review_invitation"
    REVIEW_DUE = "review_due"
    CONSENSUS_REPORT = "consensus_report"
    CONFIRM_PARTICIPATION = "confirm_participation"
    ENDORSE_PARTNER = "endorse_partner"
    BALLOT = "ballot"
    MODERATE_PROFILE = "moderate_profile"
    SCREEN_PROPOSAL = "screen_proposal"
    RECONSIDERATION = "reconsideration"
    ANSWER_INTEREST = "answer_interest"
    #: The secretariat: an approved proposal whose decision is in force, with no agreement yet.
    RECORD_AGREEMENT = "record_agreement"
    #: Funded projects (DESIGN 4.8): a partner's report due, the secretariat's assessment of a
    #: submitted report.
    REPORT_DUE = "report_due"
    ASSESS_REPORT = "assess_report"
    #: A member of an organisation invited to a cluster of another member state.
    CLUSTER_INVITATION = "cluster_invitation"


@dataclass(frozen=True)
class WaitingTask:
    kind: TaskKind
    #: In the reader's language, with the names that make it recognisable.
    title: str
    #: What the task is about, as the API names it (``proposal``, ``agenda_item``…).
    object_type: str
    object_id: int
    #: The page where the work is done, by endpoint and its values.
    endpoint: str
    due_at: datetime | None = None
    values: dict = field(default_factory=dict)
    #: A fragment of the page (``item-3``) that the link points to.
    anchor: str | None = None

    def url(self) -> str:
        """The page's path, for the dashboard."""
        return url_for(self.endpoint, _anchor=self.anchor, **self.values)


Provider = Callable[[object, datetime], Iterable[WaitingTask]]


def register_provider(app, provider: Provider) -> None:
    app.extensions.setdefault(_KEY, []).append(provider)


def providers() -> list[Provider]:
    return list(current_app.extensions.get(_KEY, ()))


def _order(task: WaitingTask) -> tuple:
    """Soonest due first, then those without a due date; ties in a stable order."""
    due = task.due_at.timestamp() if task.due_at is not None else float("inf")
    return (due, task.kind, task.object_type, task.object_id, task.title)


def tasks_for(user, now: datetime, kind: str | None = None) -> list[WaitingTask]:
    """Everything waiting for ``user`` at ``now`` in every role they hold, soonest due first;
    only tasks of ``kind`` when given. Nothing for a visitor."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    found: list[WaitingTask] = []
    for provider in providers():
        found.extend(task for task in provider(user, now) if kind is None or task.kind == kind)
    return sorted(found, key=_order)
