"""One 403 for the whole API: ``require(predicate, message, *objects)`` in the API's base, with
a message that says who may; no API module keeps a check of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import g

from portal.core.api import require
from portal.core.errors import PermissionDenied

PORTAL = Path(__file__).resolve().parents[2] / "portal"


def test_require_returns_the_caller_when_the_predicate_holds_for_it_and_the_objects(app):
    seen = []

    def may(user, first, second):
        seen.append((user, first, second))
        return first == "mine"

    with app.test_request_context("/api/v1/anything"):
        g.api_user = caller = object()
        assert require(may, "never shown", "mine", 2) is caller
        with pytest.raises(PermissionDenied) as refused:
            require(may, "Only the owner may do this.", "theirs", 3)
    assert seen == [(caller, "mine", 2), (caller, "theirs", 3)]
    assert refused.value.status == 403 and refused.value.code == "forbidden"
    assert refused.value.message == "Only the owner may do this."


def test_no_api_module_refuses_with_a_403_of_its_own():
    own = re.compile(r"raise PermissionDenied|abort\(403\)")
    modules = sorted(path for path in PORTAL.glob("*/*api*.py") if path.parent.name != "core")
    assert len(modules) >= 10  # calls, council, matching, partnering, proposals, registry, ...
    offenders = [str(path.relative_to(PORTAL)) for path in modules
                 if own.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
