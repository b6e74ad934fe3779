"""The proposal editor as a task list: each section's state from the eligibility preview, rows
added and removed without a script, the row cap, and who may edit."""

from __future__ import annotations

import re

from flask_babel import force_locale

from portal.core import limits
from portal.extensions import db
from portal.proposals import services
from portal.proposals.eligibility import REASON_CODES, Reason
from portal.proposals.tasklist import (
    REASON_SECTIONS,
    SECTIONS,
    TaskState,
    task_list,
)
from tests.pages import signed_in
from tests.proposals.conftest import ready


def states(page: str) -> dict[str, str]:
    """Each section's name and its state in words, as the task list shows them."""
    return dict(re.findall(r'<a class="task-name"[^>]*>([^<]+)</a>\s*'
                           r'<strong class="task-state[^"]*"[^>]*>([^<]+)</strong>', page))


def test_every_eligibility_reason_belongs_to_one_section():
    assert set(REASON_SECTIONS) == set(REASON_CODES)
    assert {section for section, _kind in REASON_SECTIONS.values()} <= set(SECTIONS)


def test_a_wrong_value_outweighs_a_missing_one_and_an_untouched_section_is_not_started():
    started = {"budget": True, "indicators": False}
    tasks = {task.section: task for task in task_list(started, [
        Reason("empty_budget"), Reason("grant_above_maximum",
                                       {"grant": "1", "maximum": "0", "currency": "RUB"}),
        Reason("no_indicator")])}
    assert tasks["budget"].state == TaskState.HAS_PROBLEMS
    assert len(tasks["budget"].reasons) == 2
    assert tasks["indicators"].state == TaskState.NOT_STARTED
    assert tasks["milestones"].state == TaskState.NOT_STARTED


def test_a_new_draft_lists_its_sections_mostly_not_started(app, consortium):
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(
            summary="", partners=[], indicators=[], milestones=[]), consortium.manager)
    db.session.commit()
    page = signed_in(app, consortium.manager).get(f"/proposals/{proposal.id}/edit")
    assert page.status_code == 200
    assert states(page.get_data(as_text=True)) == {
        "The project": "In progress", "Consortium": "In progress", "Budget": "Not started",
        "Indicators": "Not started", "Work plan milestones": "Not started",
        "Intellectual property": "Not started", "Documents": "Not started",
        "Check and submit": "Not started"}


def test_a_partly_filled_draft_shows_completed_sections(app, consortium):
    proposal = ready(consortium)
    db.session.commit()
    page = signed_in(app, consortium.manager).get(f"/proposals/{proposal.id}/edit")
    shown = states(page.get_data(as_text=True))
    assert shown["The project"] == shown["Consortium"] == shown["Budget"] == "Completed"
    assert shown["Indicators"] == shown["Work plan milestones"] == "Completed"
    assert shown["Intellectual property"] == "Not started"


def test_a_draft_with_problems_says_so_with_the_reasons(app, consortium):
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(partners=[
            {"organisation_id": consortium.ru.id, "cofinancing_rate": 0,
             "budget": [{"category": "staff", "amount": 90000000, "currency": "RUB"}]}]),
            consortium.manager)
    db.session.commit()
    page = signed_in(app, consortium.manager).get(f"/proposals/{proposal.id}/edit")
    text = page.get_data(as_text=True)
    assert states(text)["Budget"] == "Has problems"
    assert "is above the call&#39;s maximum" in text


def test_add_another_row_without_a_script_keeps_what_was_typed(app, consortium):
    proposal = ready(consortium)
    db.session.commit()
    client = signed_in(app, consortium.manager)
    url = f"/proposals/{proposal.id}/edit/indicators"
    opened = client.get(url).get_data(as_text=True)
    assert 'name="indicators-1-name"' in opened and 'name="indicators-2-name"' not in opened
    added = client.post(url, data={"version": "1", "indicators-0-name": "Joint patents",
                                   "indicators-1-name": "Typed, not saved",
                                   "add": "indicators"})
    assert added.status_code == 200
    page = added.get_data(as_text=True)
    assert 'value="Typed, not saved"' in page and 'name="indicators-2-name"' in page
    assert [i.name for i in services.get_proposal(proposal.id, consortium.manager).indicators
            ] == ["Joint patents"]


def test_remove_drops_the_row_and_keeps_the_others(app, consortium):
    proposal = ready(consortium)
    db.session.commit()
    client = signed_in(app, consortium.manager)
    url = f"/proposals/{proposal.id}/edit/milestones"
    form = {"version": "1", "milestones-0-title": "First", "milestones-0-month": "3",
            "milestones-1-title": "Second", "milestones-1-month": "6",
            "milestones-2-title": "Third", "milestones-2-month": "9"}
    removed = client.post(url, data={**form, "remove": "milestones-1"})
    assert removed.status_code == 200
    page = removed.get_data(as_text=True)
    assert 'value="Second"' not in page
    assert re.search(r'name="milestones-1-title"[^>]*value="Third"', page)
    saved = client.post(url, data={"version": "1", "milestones-0-title": "First",
                                   "milestones-0-month": "3", "milestones-1-title": "Third",
                                   "milestones-1-month": "9"})
    assert saved.status_code == 302
    assert [m.title for m in services.get_proposal(proposal.id, consortium.manager).milestones
            ] == ["First", "Third"]


def test_more_rows_than_the_service_accepts_are_refused_with_a_message(app, consortium):
    proposal = ready(consortium)
    db.session.commit()
    client = signed_in(app, consortium.manager)
    url = f"/proposals/{proposal.id}/edit/indicators"
    rows = {f"indicators-{i}-name": f"Indicator {i}" for i in range(limits.ROWS_MAX + 5)}
    refused = client.post(url, data={"version": "1", **rows})
    assert refused.status_code == 422
    assert f"Indicators: at most {limits.ROWS_MAX} rows." in refused.get_data(as_text=True)
    full = {f"indicators-{i}-name": f"Indicator {i}" for i in range(limits.ROWS_MAX)}
    page = client.post(url, data={"version": "1", **full, "add": "indicators"})
    assert page.status_code == 422
    assert 'name="add"' not in page.get_data(as_text=True)
    assert len(services.get_proposal(proposal.id, consortium.manager).indicators) == 1


def test_the_partner_picker_finds_an_organisation_without_a_script(app, consortium):
    proposal = ready(consortium)
    db.session.commit()
    client = signed_in(app, consortium.manager)
    found = client.post(f"/proposals/{proposal.id}/edit/consortium", data={
        "version": "1", "lead_organisation_id": str(consortium.ru.id),
        "partners-0-organisation_id": str(consortium.ru.id), "partners-0-cofinancing_rate": "0.3",
        "partners-1-organisation_id": str(consortium.by.id), "partners-1-cofinancing_rate": "0.3",
        "partners-2-organisation_id-q": "almaty", "pick": "partners-2-organisation_id"})
    assert found.status_code == 200
    page = found.get_data(as_text=True)
    assert f'id="partners-2-organisation_id-{consortium.kz.id}"' in page
    assert 'value="0.3"' in page and '<select id="partners' not in page


def test_only_the_lead_s_applicants_may_edit_a_section(app, consortium):
    proposal = ready(consortium)
    db.session.commit()
    member = signed_in(app, consortium.by_member)
    assert member.get(f"/proposals/{proposal.id}/edit").status_code == 403
    assert member.get(f"/proposals/{proposal.id}/edit/project").status_code == 403
    assert member.post(f"/proposals/{proposal.id}/edit/project",
                       data={"version": "1", "title": "Taken"}).status_code == 403
    lead = signed_in(app, consortium.manager)
    assert lead.get(f"/proposals/{proposal.id}/edit/nothing").status_code == 404
