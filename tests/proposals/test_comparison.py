"""Two snapshots compare in words: numbers as numbers, readable labels, no raw paths."""

from __future__ import annotations

import copy

import pytest
from flask_babel import force_locale

from portal.proposals.comparison import differences, same
from tests.factories import make_user
from tests.pages import signed_in
from tests.proposals.test_workflow_api import _resubmitted


def content(**changes) -> dict:
    values = {
        "title": "Devices", "acronym": "DEV", "summary": "A summary.", "work_plan": "Plan.",
        "language": "en", "duration_months": 24, "lead_organisation_id": 1,
        "classification": "cross_border", "technology_fields": ["it_electronics"],
        "partners": [
            {"organisation_id": 1, "name": "Smolensk Medical", "state": "RU",
             "region": "RU-SMO", "cofinancing_rate": "0.4", "confirmed": True,
             "endorsed": True, "budget": [{"category": "staff", "amount": "1000000",
                                           "currency": "RUB", "rate": "1",
                                           "rate_date": "2026-12-01"}]},
            {"organisation_id": 2, "name": "Vitebsk Sterile", "state": "BY", "region": "BY-VI",
             "cofinancing_rate": "0.4", "confirmed": True, "endorsed": True, "budget": []},
        ],
        "indicators": [{"name": "Joint patents", "unit": "patents", "baseline": "0",
                        "target": "2"}],
        "milestones": [{"title": "Prototype", "month": 12, "deliverable": "A device"}],
        "attachments": [{"kind": "letter_of_intent", "filename": "letter.pdf",
                         "sha256": "a" * 64}],
    }
    values.update(changes)
    return values


def words(before: dict, after: dict, language: str = "en") -> list[tuple]:
    with force_locale(language):
        return [(d.label, d.before, d.after) for d in differences(before, after)]


def test_numbers_compare_as_numbers():
    assert same("0.4", "0.4000") and same(24, "24.0") and same("1000000", "1000000.00")
    assert not same("0.4", "0.5") and not same("0.4", None) and not same(True, 1)


def test_formatting_only_differences_are_no_differences(session):
    before = content()
    after = copy.deepcopy(before)
    after["partners"][0]["cofinancing_rate"] = "0.4000"
    after["partners"][0]["budget"][0].update(amount="1000000.00", rate="1.000000")
    after["indicators"][0].update(baseline="0.00", target="2.0")
    after["duration_months"] = "24"
    after["technology_fields"] = ["it_electronics"]
    assert words(before, after) == []


def test_a_changed_rate_reads_as_a_partner_label_with_percentages(session):
    before = content()
    after = copy.deepcopy(before)
    after["partners"][1]["cofinancing_rate"] = "0.5000"
    assert words(before, after) == [
        ("Partner 2 (Vitebsk Sterile): co-financing rate", "40%", "50%")]
    [(label, old, new)] = words(before, after, "ru")
    assert (old, new) == ("40\xa0%", "50\xa0%") and "partners" not in label


def test_budget_indicator_milestone_and_document_changes_read_in_words(session):
    before = content()
    after = copy.deepcopy(before)
    after["partners"][0]["budget"][0]["amount"] = "1200000"
    after["indicators"][0]["target"] = "3"
    after["milestones"][0]["month"] = 14
    after["attachments"] = [{"kind": "other", "filename": "plan.pdf", "sha256": "b" * 64}]
    assert words(before, after) == [
        ("Partner 1 (Smolensk Medical): budget line 1", "Staff: RUB1,000,000",
         "Staff: RUB1,200,000"),
        ("Indicator 1 (Joint patents): target", "2", "3"),
        ("Milestone 1 (Prototype): month", "12", "14"),
        ("Document plan.pdf (Other document)", None, "attached"),
        ("Document letter.pdf (Letter of intent)", "attached", "removed"),
    ]


def test_partners_are_matched_by_organisation_not_position(session):
    before = content()
    after = copy.deepcopy(before)
    removed = after["partners"].pop(0)
    after["partners"].append({**removed, "organisation_id": 3, "name": "Almaty Devices",
                              "state": "KZ", "region": "KZ-10"})
    listed = words(before, after)
    assert ("Partner 1 (Smolensk Medical)", "in the consortium",
            "removed from the consortium") in listed
    assert ("Partner 2 (Almaty Devices)", None, "added to the consortium") in listed
    assert not any("Vitebsk" in label for label, _old, _new in listed)


@pytest.mark.parametrize("key,value,label", [
    ("duration_months", 36, "Duration"),
    ("language", "ru", "Language of the proposal"),
    ("classification", "transnational", "Classification"),
])
def test_top_level_fields_have_labels_and_values_in_words(session, key, value, label):
    [(found, old, new)] = words(content(), content(**{key: value}))
    assert found == label and old != new and "_" not in (old or "") + (new or "")


def test_the_proposal_page_links_the_comparison_which_reads_in_words(app, consortium):
    partners = consortium.values()["partners"]
    partners[1] = {**partners[1], "cofinancing_rate": "0.5"}
    proposal = _resubmitted(consortium, make_user("secretariat"), partners=partners)
    browser = signed_in(app, consortium.manager)
    page = browser.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    link = f"/proposals/{proposal.id}/compare?a=1&amp;b=2"
    assert link in page
    compared = browser.get(f"/proposals/{proposal.id}/compare?a=1&b=2").get_data(as_text=True)
    assert "Partner 2 (Vitebsk Sterile): co-financing rate" in compared
    assert "30%" in compared and "50%" in compared
    assert "partners.1" not in compared and "cofinancing_rate" not in compared
