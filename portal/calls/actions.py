"""What a reader may do with a call on its page, offered by the features above calls.

The call page cannot import the features that act on a call (a proposal is prepared in
``portal.proposals``), so each of them registers its :class:`CallAction` from its ``init_app``;
the page shows, in the order registered, those whose ``shown`` predicate holds for the reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

_KEY = "calls.actions"


@dataclass(frozen=True)
class CallAction:
    #: The button's text (a lazy translation).
    label: object
    #: The page the button leads to; it takes the call's id as ``call_id``.
    endpoint: str
    #: ``shown(user, call, now)``: whether this reader may take the action now.
    shown: Callable[[object, object, datetime], bool]


def register_call_action(app, action: CallAction) -> None:
    app.extensions.setdefault(_KEY, []).append(action)


def call_actions(user, call, now: datetime) -> list[CallAction]:
    """The actions ``user`` may take on ``call`` at ``now``."""
    return [action for action in current_app.extensions.get(_KEY, ())
            if action.shown(user, call, now)]
