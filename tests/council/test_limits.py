"""A vote session's dates and the proposals it names are bounded where they enter."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.council.models import VoteSession
from portal.extensions import db
from tests.council.conftest import ready_proposal
from tests.council.test_api import api, meeting  # noqa: F401  (fixtures)


def _sessions() -> int:
    return db.session.scalar(select(func.count()).select_from(VoteSession))


@pytest.mark.parametrize(("changes", "field"), [
    ({"closes_at": "9999-12-31T23:00:00+05:00"}, "closes_at"),
    ({"opens_at": "0001-01-01T00:00:00+00:00"}, "opens_at"),
    ({"items": [{"proposal_id": 2**63}]}, "items"),
])
def test_a_session_out_of_the_sane_years_or_naming_an_impossible_id_is_refused(council, api,  # noqa: F811
                                                                              changes, field):
    proposal = ready_proposal()
    db.session.commit()
    values = {"title": "Council meeting", "kind": "meeting",
              "opens_at": "2026-12-01T09:00:00Z", "closes_at": "2099-12-01T09:00:00Z",
              "items": [{"proposal_id": proposal.id}], **changes}
    response = api(council.secretariat).post("/api/v1/vote-sessions", json=values)
    assert response.status_code == 422, response.get_json()
    assert [name.partition("[")[0] for name in response.get_json()["error"]["fields"]] == [field]
    assert _sessions() == 0


def test_a_recusal_reason_of_five_megabytes_is_refused(council, api, meeting):  # noqa: F811
    body, _proposal = meeting
    base = f"/api/v1/vote-sessions/{body['id']}/items/{body['items'][0]['id']}"
    response = api(council.titular["BY"]).post(f"{base}/recusal",
                                               json={"reason": "x" * (5 * 1024 * 1024)})
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["error"]["fields"]) == ["reason"]
    assert api(council.titular["BY"]).post(f"{base}/recusal",
                                           json={"reason": "A partner of mine."}).status_code == 201
