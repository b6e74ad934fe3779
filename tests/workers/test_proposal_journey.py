"""Proposals walked through the whole workflow by the JSON API, with a real worker and broker
doing the worker's steps (issue 4's "done when"): from a draft to an adopted decision, to
``no_consensus``, and to ``ineligible`` with every reason.

Every person acts with a personal access token (``Authorization: Bearer``), as an API client
would; the secretariat and the council members need a second factor to sign in to the pages,
but a token, created once signed in, is enough for the API. Expert profiles are made with the
``portal experts add`` command. After the journeys, ``portal audit verify`` finds the audit
log's hash chain intact.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from portal.accounts import tokens
from portal.accounts.two_factor import requires_two_factor
from portal.core.db import utcnow
from portal.extensions import db
from tests.factories import make_organisation, make_user
from tests.workers.conftest import wait_until

pytestmark = pytest.mark.worker

STATES = ("AM", "BY", "KG", "KZ", "RU")
PHARMA = "pharmaceuticals_biotech_medical"
CRITERIA = [{"key": "excellence", "name": "Excellence", "weight": 0.4, "threshold": 3},
            {"key": "impact", "name": "Impact", "weight": 0.4, "threshold": 3},
            {"key": "implementation", "name": "Implementation", "weight": 0.2, "threshold": 2.5}]
SCORES = {"excellence": 4, "impact": 4, "implementation": 3.5}
COMMENTS = {"excellence": "Strong.", "impact": "Clear.", "implementation": "Feasible."}
#: The worker's steps of one journey (eligibility, assignment, consolidation, tally).
STEP_TIMEOUT = 45


def iso(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z")


class Caller:
    """One person at the API: ``caller.post(path, json=...)`` with their token."""

    def __init__(self, client, user, language: str = "en") -> None:
        user = db.session.merge(user)  # made in another app context: its roles are read here
        _row, token = tokens.create_token(user, "journey", user)
        self.client, self.user_id = client, user.id
        self.headers = {"Authorization": f"Bearer {token}", "Accept-Language": language}

    def get(self, path, language: str | None = None):
        headers = dict(self.headers)
        if language:
            headers["Accept-Language"] = language
        return self.client.get(path, headers=headers)

    def post(self, path, json=None):
        return self.client.post(path, headers=self.headers, json=json if json is not None else {})

    def ok(self, method: str, path: str, status: int, json=None) -> dict:
        response = self.get(path) if method == "GET" else self.post(path, json)
        assert response.status_code == status, (method, path, response.get_json())
        return response.get_json()


@pytest.fixture(scope="module")
def people(portal_app):
    """The secretariat, the five titular council members, a contact point for Russia and for
    Belarus, and three experts from three states (none of a partner state), each with a token."""
    tag = uuid.uuid4().hex[:6]
    client = portal_app.test_client()
    with portal_app.app_context():
        secretariat = make_user("secretariat", with_totp=True)
        council = {state: make_user(f"council_member:{state}", with_totp=True)
                   for state in STATES}
        contacts = {state: make_user(f"contact_point:{state}") for state in ("RU", "BY")}
        expert_emails = {state: f"expert-{state.lower()}-{tag}@example.org"
                         for state in ("KZ", "AM", "KG")}
        experts = {state: make_user(email=email) for state, email in expert_emails.items()}
        assert all(requires_two_factor(member) for member in council.values())
        db.session.commit()
    runner = portal_app.test_cli_runner()
    for state, email in expert_emails.items():
        result = runner.invoke(args=["experts", "add", email, "--state", state, "--field", PHARMA])
        assert result.exit_code == 0, result.output
    with portal_app.app_context():
        found = {
            "secretariat": Caller(client, secretariat),
            "council": {state: Caller(client, user) for state, user in council.items()},
            "contacts": {state: Caller(client, user) for state, user in contacts.items()},
            "experts": {state: Caller(client, user) for state, user in experts.items()},
            "client": client,
        }
        db.session.commit()
    return found


@pytest.fixture(scope="module")
def call_id(people) -> int:
    now = utcnow()
    body = people["secretariat"].ok("POST", "/api/v1/calls", 201, {
        "title": "Cross-border medical devices", "description": "Joint projects.",
        "opens_at": iso(now - timedelta(days=1)), "closes_at": iso(now + timedelta(days=30)),
        "timezone": "Europe/Minsk", "technology_fields": [PHARMA], "budget": 100000000,
        "currency": "RUB", "max_grant": 20000000, "min_cofinancing_rate": 0.2, "min_states": 2,
        "requires_endorsement": True, "criteria": CRITERIA, "overall_threshold": 3,
        "experts_per_proposal": 3, "review_days": 30, "decision_rule": "consensus"})
    return body["id"]


def consortium(portal_app, people, regions: tuple[tuple[str, str], ...]) -> dict:
    """Published organisations in ``regions`` ((state, region) pairs, the lead first), the
    cluster manager of the lead and a member of every other partner, each with a token."""
    with portal_app.app_context():
        organisations = [make_organisation(state, region, status="published")
                         for state, region in regions]
        lead = organisations[0]
        manager = make_user(f"org_member:{lead.id}", "cluster_manager:1")
        members = {org.id: make_user(f"org_member:{org.id}") for org in organisations[1:]}
        found = {"organisations": [(org.id, org.state_code) for org in organisations],
                 "manager": Caller(people["client"], manager),
                 "members": {org_id: Caller(people["client"], user)
                             for org_id, user in members.items()}}
        found["members"][lead.id] = found["manager"]
        db.session.commit()
    return found


def draft(call_id: int, partners: dict, *, indicators=True) -> dict:
    """The body of a new proposal led by the first organisation, a budget line each."""
    organisations = partners["organisations"]
    return {
        "call_id": call_id, "title": "Smolensk-Vitebsk sterile devices", "acronym": "SMOVIT",
        "summary": "A joint line of sterile devices.", "work_plan": "Three work packages.",
        "technology_fields": [PHARMA], "duration_months": 24,
        "lead_organisation_id": organisations[0][0],
        "partners": [{"organisation_id": org_id, "cofinancing_rate": 0.3,
                      "budget": [{"category": "staff", "amount": 1000000, "currency": "RUB"}]}
                     for org_id, _state in organisations],
        "indicators": ([{"name": "Joint patents", "unit": "patents", "baseline": 0, "target": 2}]
                       if indicators else []),
        "milestones": [{"title": "Prototype", "month": 12, "deliverable": "A device"}],
    }


def wait_for_status(caller: Caller, proposal_id: int, wanted: str, worker) -> dict:
    return wait_until(lambda: (body := caller.ok("GET", f"/api/v1/proposals/{proposal_id}", 200))
                      ["status"] == wanted and body, STEP_TIMEOUT,
                      what=f"proposal {proposal_id} to be {wanted}", log=worker.log_text)


def submit_cross_border(portal_app, people, call_id: int, worker) -> tuple[dict, int]:
    """A Russian-Belarusian proposal drafted, confirmed, endorsed and submitted by the API;
    returns the consortium and the proposal id once the worker has screened it."""
    partners = consortium(portal_app, people, (("RU", "RU-SMO"), ("BY", "BY-VI")))
    manager = partners["manager"]
    created = manager.ok("POST", "/api/v1/proposals", 201, draft(call_id, partners))
    proposal_id = created["id"]
    assert created["status"] == "draft" and created["classification"] == "cross_border"
    assert created["budget"]["complete"]
    for org_id, state in partners["organisations"]:
        path = f"/api/v1/proposals/{proposal_id}/partners/{org_id}"
        partners["members"][org_id].ok("POST", f"{path}/confirm", 200)
        people["contacts"][state].ok("POST", f"{path}/endorse", 200)
    submitted = manager.ok("POST", f"/api/v1/proposals/{proposal_id}/submit", 202)
    assert submitted["status"] == "submitted"
    return partners, proposal_id


def review_to_council(people, manager: Caller, proposal_id: int, worker) -> None:
    """The worker assigns the three experts; each accepts and reviews; the worker moves the
    proposal to consolidation; the secretariat locks the consensus report."""
    screened = wait_for_status(manager, proposal_id, "in_review", worker)
    assert screened["eligibility"]["passed"] is True and screened["eligibility"]["reasons"] == []
    for expert in people["experts"].values():
        [assignment] = [a for a in expert.ok("GET", "/api/v1/assignments?per_page=100", 200)
                        ["items"] if a["proposal_id"] == proposal_id]
        path = f"/api/v1/assignments/{assignment['id']}"
        assert expert.ok("POST", f"{path}/accept", 200, {"no_conflict": True})["status"] == "accepted"
        expert.ok("POST", f"{path}/review", 201, {"scores": SCORES, "comments": COMMENTS,
                                                  "recommendation": "fund"})
    wait_for_status(manager, proposal_id, "consolidation", worker)
    report = people["secretariat"].ok(
        "POST", f"/api/v1/proposals/{proposal_id}/consensus-report", 201,
        {"scores": SCORES, "recommendation": "fund", "text": "The panel agrees to fund."})
    assert report["status"] == "ready_for_council"


def vote_on(people, proposal_id: int, choices: dict[str, str], worker) -> dict:
    """A meeting opened now with the proposal on its agenda; each state's member votes
    ``choices[state]``; the secretariat closes it (202) and the worker tallies it. Returns the
    closed session as the secretariat reads it."""
    now = utcnow()
    secretariat = people["secretariat"]
    session = secretariat.ok("POST", "/api/v1/vote-sessions", 201, {
        "title": "Council meeting", "kind": "meeting", "opens_at": iso(now - timedelta(seconds=5)),
        "closes_at": iso(now + timedelta(days=1)), "items": [{"proposal_id": proposal_id}]})
    [item] = session["items"]
    path = f"/api/v1/vote-sessions/{session['id']}"
    for state, choice in choices.items():
        ballot = people["council"][state].ok("POST", f"{path}/items/{item['id']}/ballots", 201,
                                             {"choice": choice})
        assert (ballot["state"], ballot["choice"]) == (state, choice)

    # Before the close, a member sees their own state's ballot only; the secretariat sees who
    # voted, not how.
    seen_by_kz = people["council"]["KZ"].ok("GET", path, 200)["items"][0]
    assert [(b["state"], b["choice"]) for b in seen_by_kz["ballots"]] == [("KZ", choices["KZ"])]
    seen_by_staff = secretariat.ok("GET", path, 200)["items"][0]
    assert seen_by_staff["ballots"] == [] and len(seen_by_staff["voted"]) == len(choices)

    closing = secretariat.ok("POST", f"{path}/close", 202)
    assert closing["status"] == "closing"
    return wait_until(lambda: (body := secretariat.ok("GET", path, 200))["status"] == "closed"
                      and body, STEP_TIMEOUT, what="the tally", log=worker.log_text)


def journey(portal_app, people, call_id: int, worker, choices: dict[str, str]) -> tuple:
    """Draft to the council's decision; returns (manager, proposal id, closed session)."""
    partners, proposal_id = submit_cross_border(portal_app, people, call_id, worker)
    review_to_council(people, partners["manager"], proposal_id, worker)
    closed = vote_on(people, proposal_id, choices, worker)
    return partners["manager"], proposal_id, closed


def history(caller: Caller, proposal_id: int) -> list[tuple]:
    items = caller.ok("GET", f"/api/v1/proposals/{proposal_id}/history", 200)["items"]
    return [(i["from"], i["to"], i["action"], i["actor"]["id"] if i["actor"] else None)
            for i in items]


def test_a_cross_border_proposal_goes_from_draft_to_an_adopted_decision(
        portal_app, worker, people, call_id):
    manager, proposal_id, closed = journey(portal_app, people, call_id, worker,
                                           {state: "for" for state in STATES})

    [item] = closed["items"]
    assert item["outcome"] == "adopted"
    assert {b["state"]: b["choice"] for b in item["ballots"]} == {s: "for" for s in STATES}
    seen_by_kz = people["council"]["KZ"].ok("GET", f"/api/v1/vote-sessions/{closed['id']}", 200)
    assert len(seen_by_kz["items"][0]["ballots"]) == len(STATES)

    register = people["client"].get(f"/api/v1/decisions?proposal_id={proposal_id}").get_json()
    [decision] = register["items"]
    assert decision["outcome"] == "adopted" and decision["rule"] == "consensus"
    assert {b["state"]: b["choice"] for b in decision["ballots"]} == {s: "for" for s in STATES}
    public = people["client"].get("/api/v1/decisions?per_page=100").get_json()["items"]
    assert decision["id"] in [listed["id"] for listed in public]

    proposal = manager.ok("GET", f"/api/v1/proposals/{proposal_id}", 200)
    assert proposal["status"] == "approved"
    assert proposal["decision"]["number"] == decision["number"]
    assert proposal["decision"]["outcome"] == "adopted"

    staff = people["secretariat"].user_id
    assert history(manager, proposal_id) == [
        ("draft", "submitted", "submit", manager.user_id),
        ("submitted", "eligible", "mark_eligible", None),
        ("eligible", "in_review", "start_review", None),
        ("in_review", "consolidation", "consolidate", None),
        ("consolidation", "ready_for_council", "lock_report", staff),
        ("ready_for_council", "on_agenda", "put_on_agenda", staff),
        ("on_agenda", "approved", "adopt", None),
    ]


def test_one_state_against_under_consensus_gives_no_consensus(portal_app, worker, people,
                                                                call_id):
    choices = {state: "for" for state in STATES} | {"AM": "against"}
    manager, proposal_id, closed = journey(portal_app, people, call_id, worker, choices)

    [item] = closed["items"]
    assert item["outcome"] == "no_consensus"
    assert {b["state"]: b["choice"] for b in item["ballots"]} == choices
    proposal = manager.ok("GET", f"/api/v1/proposals/{proposal_id}", 200)
    assert proposal["status"] == "no_consensus"
    assert proposal["decision"]["outcome"] == "no_consensus"
    assert history(manager, proposal_id)[-1] == ("on_agenda", "no_consensus",
                                                 "record_no_consensus", None)


def test_a_national_unconfirmed_proposal_without_indicators_is_refused_with_every_reason(
        portal_app, worker, people, call_id):
    """Its preview fails, so the submission is refused (422) with every reason in the caller's
    language and nothing changes; the worker's own check is in test_proposals_worker."""
    partners = consortium(portal_app, people, (("RU", "RU-SMO"), ("RU", "RU-BRY")))
    manager = partners["manager"]
    created = manager.ok("POST", "/api/v1/proposals", 201,
                         draft(call_id, partners, indicators=False))
    assert created["classification"] == "national"
    proposal_id = created["id"]
    refused = manager.ok("POST", f"/api/v1/proposals/{proposal_id}/submit", 422)

    reasons = refused["error"]["reasons"]
    assert [r["code"] for r in reasons] == ["too_few_states", "not_confirmed", "not_confirmed",
                                            "not_endorsed", "not_endorsed", "no_indicator"]
    assert all(r["message"] for r in reasons)
    russian = manager.client.post(f"/api/v1/proposals/{proposal_id}/submit",
                                  headers={**manager.headers, "Accept-Language": "ru"})
    russian_reasons = russian.get_json()["error"]["reasons"]
    assert [r["code"] for r in russian_reasons] == [r["code"] for r in reasons]
    for in_english, in_russian in zip(reasons, russian_reasons, strict=True):
        assert in_russian["message"] != in_english["message"]
        assert any("а" <= letter.lower() <= "я" for letter in in_russian["message"])
    unchanged = manager.ok("GET", f"/api/v1/proposals/{proposal_id}", 200)
    assert unchanged["status"] == "draft" and unchanged["eligibility"]["passed"] is None
    assert history(manager, proposal_id) == []


def test_the_audit_log_is_intact_after_the_journeys(portal_app, worker, people):
    result = portal_app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "Audit log intact" in result.output
