"""The review API of API.md: assignments, answers, reviews, the consensus report, and what each
caller may see of the reviews."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts import tokens
from portal.extensions import db
from portal.review import panels, services
from portal.review.models import Assignment
from tests.factories import make_user
from tests.review.support import eligible_proposal, make_panel_pool

COMMENTS = {"excellence": "Strong.", "impact": "Clear.", "implementation": "Feasible."}


@pytest.fixture(autouse=True)
def no_tasks(monkeypatch):
    monkeypatch.setattr(services, "enqueue", lambda name, *args: None)


def _token(user) -> dict:
    _row, token = tokens.create_token(user, "test", user)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def review(session):
    make_panel_pool()
    proposal = eligible_proposal()
    panels.assign_experts(proposal.id)
    assignments = list(db.session.scalars(select(Assignment).where(
        Assignment.proposal_id == proposal.id).order_by(Assignment.id)))
    heads = {a.id: _token(a.expert) for a in assignments}
    staff = make_user("secretariat")
    applicant = proposal.created_by
    data = {"proposal": proposal.id, "assignments": [a.id for a in assignments], "heads": heads,
            "staff": _token(staff), "applicant": _token(applicant),
            "names": [a.expert.name for a in assignments]}
    db.session.commit()
    return data


def test_an_expert_lists_their_assignments_and_sees_only_title_and_abstract(client, review):
    first = review["assignments"][0]
    listed = client.get("/api/v1/assignments", headers=review["heads"][first]).get_json()
    assert listed["total"] == 1
    assert set(listed["items"][0]) >= {"id", "proposal_id", "status", "due_at"}
    assert listed["items"][0]["status"] == "invited" and listed["items"][0]["due_at"].endswith("Z")
    detail = client.get(f"/api/v1/assignments/{first}", headers=review["heads"][first]).get_json()
    assert set(detail["proposal"]) == {"id", "title", "summary", "language", "full"}
    other = review["assignments"][1]
    assert client.get(f"/api/v1/assignments/{other}", headers=review["heads"][first]).status_code == 404
    assert client.get("/api/v1/assignments", headers=review["applicant"]).status_code == 403


def test_accepting_needs_no_conflict_true_then_shows_the_whole_proposal(client, review):
    first = review["assignments"][0]
    url = f"/api/v1/assignments/{first}/accept"
    refused = client.post(url, json={"no_conflict": False}, headers=review["heads"][first])
    assert refused.status_code == 422
    assert "no_conflict" in refused.get_json()["error"]["fields"]
    assert client.post(url, data="x", headers=review["heads"][first]).status_code == 400
    accepted = client.post(url, json={"no_conflict": True}, headers=review["heads"][first])
    assert accepted.status_code == 200
    body = accepted.get_json()
    assert body["status"] == "accepted" and body["proposal"]["full"]
    assert body["proposal"]["work_plan"] and len(body["proposal"]["criteria"]) == 3
    assert client.post(url, json={"no_conflict": True},
                       headers=review["heads"][first]).status_code == 409


def test_declining_answers_202(client, review):
    first = review["assignments"][0]
    url = f"/api/v1/assignments/{first}/decline"
    assert client.post(url, json={}, headers=review["heads"][first]).status_code == 422
    declined = client.post(url, json={"reason": "Busy"}, headers=review["heads"][first])
    assert declined.status_code == 202 and declined.get_json()["status"] == "declined"


def test_a_conflict_is_declared_with_or_without_a_reason_before_the_review_is_in(client,
                                                                               review):
    first, second, third = review["assignments"]
    heads = review["heads"]
    conflict = client.post(f"/api/v1/assignments/{first}/conflict", json={}, headers=heads[first])
    assert conflict.status_code == 202 and conflict.get_json()["status"] == "conflict"
    client.post(f"/api/v1/assignments/{second}/accept", json={"no_conflict": True},
                headers=heads[second])
    late = client.post(f"/api/v1/assignments/{second}/decline", json={"reason": "Busy"},
                       headers=heads[second])
    assert late.status_code == 409  # declining is for an invitation only
    after = client.post(f"/api/v1/assignments/{second}/conflict", json={"reason": "A partner"},
                        headers=heads[second])
    assert after.status_code == 202 and after.get_json()["status"] == "conflict"
    assert client.post(f"/api/v1/assignments/{third}/conflict", data="x",
                       headers=heads[third]).status_code == 400
    assert client.post(f"/api/v1/assignments/{third}/conflict", json={},
                       headers=review["applicant"]).status_code == 403


def _accept_and_review(client, review, assignment_id, scores):
    head = review["heads"][assignment_id]
    client.post(f"/api/v1/assignments/{assignment_id}/accept", json={"no_conflict": True},
                headers=head)
    return client.post(f"/api/v1/assignments/{assignment_id}/review", headers=head,
                       json={"scores": scores, "comments": COMMENTS, "recommendation": "fund"})


def test_a_review_with_bad_scores_gets_422_per_field(client, review):
    answer = _accept_and_review(client, review, review["assignments"][0],
                                {"excellence": 5.5, "impact": 2.25})
    assert answer.status_code == 422
    fields = answer.get_json()["error"]["fields"]
    assert set(fields) == {"scores.excellence", "scores.impact", "scores.implementation"}


def test_reviews_stay_hidden_until_ones_own_is_in_and_identities_stay_with_the_staff(client, review):
    first, second, _third = review["assignments"]
    url = f"/api/v1/proposals/{review['proposal']}/reviews"
    scores = {"excellence": 4, "impact": 3.5, "implementation": 3}
    created = _accept_and_review(client, review, first, scores)
    assert created.status_code == 201 and created.get_json()["review"]["total"] == 3.6
    assert client.get(url, headers=review["heads"][second]).status_code == 404
    assert client.get(url, headers=review["applicant"]).status_code == 404
    seen = client.get(url, headers=review["heads"][first]).get_json()
    assert [r["reviewer"] for r in seen["reviews"]] == ["Reviewer 1"]
    assert "expert" not in seen["reviews"][0]
    staff = client.get(url, headers=review["staff"]).get_json()
    assert staff["reviews"][0]["expert"]["name"] == review["names"][0]
    assert staff["consolidation"]["mean_total"] == 3.6


def test_the_consensus_report_locks_and_the_applicant_reads_it_without_names(client, review):
    scores = {"excellence": 4, "impact": 3.5, "implementation": 3}
    for assignment_id in review["assignments"]:
        assert _accept_and_review(client, review, assignment_id, scores).status_code == 201
    panels.consolidate_reviews(review["proposal"])
    db.session.commit()
    url = f"/api/v1/proposals/{review['proposal']}/consensus-report"
    body = {"scores": scores, "recommendation": "fund", "text": "The panel agrees."}
    assert client.post(url, json=body, headers=review["applicant"]).status_code == 403
    assert client.post(url, json=body,
                       headers=review["heads"][review["assignments"][0]]).status_code == 403
    written = client.post(url, json=body, headers=review["staff"])
    assert written.status_code == 201
    assert written.get_json()["status"] == "ready_for_council"
    assert client.post(url, json=body, headers=review["staff"]).status_code == 409
    seen = client.get(f"/api/v1/proposals/{review['proposal']}/reviews",
                      headers=review["applicant"])
    assert seen.status_code == 200
    data = seen.get_json()
    assert "reviews" not in data and data["report"]["text"] == "The panel agrees."
    text = seen.get_data(as_text=True)
    assert not any(name in text for name in review["names"])
    assert "author" not in text
