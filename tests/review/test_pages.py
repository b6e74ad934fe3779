"""The review pages: an expert's list and assignment (title and abstract until the declaration,
then the proposal and the review form), the consensus report page and the applicants' view of
the consolidated report, without reviewer names."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.review import experts, panels, services
from portal.review.models import Assignment, ExpertProfile
from tests.factories import make_organisation, make_user
from tests.pages import signed_in
from tests.review.support import eligible_proposal, make_panel_pool

SCORES = {"excellence": 4, "impact": 3.5, "implementation": 3}
COMMENTS = {"excellence": "Strong.", "impact": "Clear.", "implementation": "Feasible."}


@pytest.fixture(autouse=True)
def no_tasks(monkeypatch):
    monkeypatch.setattr(services, "enqueue", lambda name, *args: None)


@pytest.fixture
def review(session):
    make_panel_pool()
    proposal = eligible_proposal(work_plan="Secret work packages")
    panels.assign_experts(proposal.id)
    assignments = list(db.session.scalars(select(Assignment).where(
        Assignment.proposal_id == proposal.id).order_by(Assignment.id)))
    return proposal, assignments


def test_an_expert_accepts_with_the_declaration_then_reviews(app, review):
    proposal, assignments = review
    mine = assignments[0]
    db.session.commit()
    browser = signed_in(app, mine.expert)
    listing = browser.get("/review/assignments").get_data(as_text=True)
    assert proposal.title in listing and "Invited" in listing
    page = browser.get(f"/review/assignments/{mine.id}").get_data(as_text=True)
    assert proposal.summary in page and "Secret work packages" not in page
    assert 'name="no_conflict"' in page and "<script" not in page
    refused = browser.post(f"/review/assignments/{mine.id}/accept", data={})
    assert refused.status_code == 422
    assert "Secret work packages" not in refused.get_data(as_text=True)
    assert browser.post(f"/review/assignments/{mine.id}/accept",
                        data={"no_conflict": "y"}).status_code == 302
    page = browser.get(f"/review/assignments/{mine.id}").get_data(as_text=True)
    assert "Secret work packages" in page and 'name="score_excellence"' in page
    assert '<option value="2.5">2.5</option>' in page
    bad = browser.post(f"/review/assignments/{mine.id}/review",
                       data={"score_excellence": "4", "recommendation": "fund"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.get_data(as_text=True)
    form = {f"score_{k}": str(v) for k, v in SCORES.items()}
    form.update({f"comment_{k}": v for k, v in COMMENTS.items()}, recommendation="fund")
    assert browser.post(f"/review/assignments/{mine.id}/review", data=form).status_code == 302
    page = browser.get(f"/review/assignments/{mine.id}").get_data(as_text=True)
    assert "Your submitted review" in page and "3.60" in page
    other = assignments[1]
    assert browser.get(f"/review/assignments/{other.id}").status_code == 404


def test_an_expert_reads_scores_weights_and_the_total_as_russian_writes_numbers(app, review):
    proposal, assignments = review
    mine = assignments[0]
    services.accept_assignment(mine.id, mine.expert, True)
    mine.expert.language = "ru"
    staff = make_user("secretariat", with_totp=True, language="ru")
    db.session.commit()
    expert = signed_in(app, mine.expert, "ru")
    form = expert.get(f"/review/assignments/{mine.id}").get_data(as_text=True)
    assert '<option value="2.5">2,5</option>' in form and '<option value="3">3</option>' in form
    assert "вес 0,4, порог 3" in form and "вес 0,2, порог 2,5" in form
    services.submit_review(mine.id, mine.expert, SCORES, COMMENTS, "fund")
    db.session.commit()
    page = expert.get(f"/review/assignments/{mine.id}").get_data(as_text=True)
    assert "<dd>4,0 · Strong.</dd>" in page and "<dd>3,5 · Clear.</dd>" in page
    assert "<dd>3,60</dd>" in page and "3.60" not in page
    report = signed_in(app, staff, "ru").get(f"/review/proposals/{proposal.id}/report")
    assert "<dd>3,60</dd>" in report.get_data(as_text=True)


def test_an_expert_declines_with_a_reason(app, review):
    _proposal, assignments = review
    mine = assignments[0]
    db.session.commit()
    browser = signed_in(app, mine.expert)
    assert browser.post(f"/review/assignments/{mine.id}/decline", data={}).status_code == 422
    assert browser.post(f"/review/assignments/{mine.id}/decline",
                        data={"reason": "Travelling"}).status_code == 302
    db.session.refresh(mine)
    assert mine.status == "declined"
    again = browser.post(f"/review/assignments/{mine.id}/decline", data={"reason": "Again"})
    assert again.status_code == 302 and again.headers["Location"].endswith(
        f"/review/assignments/{mine.id}")  # closed: said on its page, nothing changes
    db.session.refresh(mine)
    assert mine.status == "declined" and mine.decline_reason == "Travelling"


def test_an_expert_declares_a_conflict_with_or_without_a_reason(app, review):
    _proposal, assignments = review
    mine, second = assignments[0], assignments[1]
    db.session.commit()
    browser = signed_in(app, mine.expert)
    too_long = browser.post(f"/review/assignments/{mine.id}/conflict",
                            data={"conflict_reason": "x" * 2001})
    assert too_long.status_code == 422 and 'aria-invalid="true"' in too_long.get_data(as_text=True)
    declared = browser.post(f"/review/assignments/{mine.id}/conflict",
                            data={"conflict_reason": "My former employer"}, follow_redirects=True)
    assert declared.request.path == "/review/assignments"
    assert "Conflict of interest recorded" in declared.get_data(as_text=True)
    db.session.refresh(mine)
    assert mine.status == "conflict" and mine.decline_reason == "My former employer"
    closed = browser.post(f"/review/assignments/{mine.id}/conflict", data={})
    assert closed.headers["Location"].endswith(f"/review/assignments/{mine.id}")
    other = signed_in(app, second.expert)
    assert other.post(f"/review/assignments/{second.id}/conflict", data={}).status_code == 302
    db.session.refresh(second)
    assert second.status == "conflict" and second.decline_reason == ""


def test_the_secretariat_writes_the_report_and_the_applicant_reads_it_without_names(app, review):
    proposal, assignments = review
    for assignment in assignments:
        services.accept_assignment(assignment.id, assignment.expert, True)
        services.submit_review(assignment.id, assignment.expert, SCORES, COMMENTS, "fund")
    panels.consolidate_reviews(proposal.id)
    staff = make_user("secretariat", with_totp=True)
    db.session.commit()
    browser = signed_in(app, staff)
    page = browser.get(f"/review/proposals/{proposal.id}/report").get_data(as_text=True)
    assert "Reviewer 1" in page and assignments[0].expert.name in page
    assert "Disagreement" in page and "3.60" in page and "Designate as rapporteur" in page
    form = {f"score_{k}": str(v) for k, v in SCORES.items()}
    form.update(recommendation="fund", text="The panel agrees.", conditions="", lock="y")
    answer = browser.post(f"/review/proposals/{proposal.id}/report", data=form)
    assert answer.status_code == 302
    db.session.refresh(proposal)
    assert proposal.status == "ready_for_council"

    applicant = signed_in(app, proposal.created_by)
    assert applicant.get(f"/review/proposals/{proposal.id}/report").status_code == 403
    seen = applicant.get(f"/review/proposals/{proposal.id}/consolidated")
    assert seen.status_code == 200
    text = seen.get_data(as_text=True)
    assert "The panel agrees." in text
    assert not any(a.expert.name in text or a.expert.email in text for a in assignments)
    expert = signed_in(app, assignments[0].expert)
    page = expert.get(f"/review/proposals/{proposal.id}/report").get_data(as_text=True)
    assert "Reviewer 2" in page and assignments[1].expert.name not in page
    proposal.created_by.language = "ru"
    db.session.commit()
    russian = signed_in(app, proposal.created_by, "ru").get(
        f"/review/proposals/{proposal.id}/consolidated").get_data(as_text=True)
    assert "<td>3,5</td><td>3,0</td>" in russian and "<dd>3,60</dd>" in russian


def test_the_secretariat_adds_and_updates_an_expert_profile(app, session):
    staff = make_user("secretariat", with_totp=True)
    newcomer = make_user(email="newcomer@example.org")
    organisation = make_organisation()
    session.commit()
    browser = signed_in(app, staff)
    assert browser.get("/review/experts").status_code == 200
    form = {"email": "newcomer@example.org", "state": "KG", "fields": ["it_electronics"],
            "affiliations": f"{organisation.id}", "expertise": "Chips", "active": "y"}
    assert browser.post("/review/experts", data={**form, "affiliations": "x"}).status_code == 422
    assert browser.post("/review/experts", data=form).status_code == 302
    profile = db.session.get(ExpertProfile, newcomer.id)
    assert profile.state_code == "KG" and profile.active
    page = browser.get("/review/experts?email=newcomer@example.org").get_data(as_text=True)
    assert "Chips" in page and f'value="{organisation.id}"' in page
    assert browser.post("/review/experts", data={**form, "affiliations": ""}).status_code == 302
    assert experts.affiliations_of(profile) == []
    expert = signed_in(app, newcomer)
    assert expert.get("/review/experts").status_code == 403
