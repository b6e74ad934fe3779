"""The proposal pages: the editor with its preview, the proposal page with its buttons, the
workflow through the buttons, my proposals and the comparison of versions."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from babel.numbers import format_currency, format_percent, get_decimal_symbol
from flask_babel import force_locale

from portal.extensions import db
from portal.proposals import services
from portal.proposals.labels import CATEGORY_NAMES
from portal.proposals.models import StatusChange
from portal.proposals.workflow import ProposalStatus
from tests.pages import signed_in
from tests.proposals.conftest import ready


def current_step(page: str) -> str:
    """The stepper's item marked as the current step (there must be exactly one)."""
    [item] = re.findall(r'<li class="step step-current" aria-current="step">(.*?)</li>', page,
                        re.S)
    return item


def editor_form(consortium, **changes) -> dict:
    form = {"title": "Page proposal", "acronym": "PAGE", "summary": "Summary",
            "work_plan": "Plan", "technology_fields": ["pharmaceuticals_biotech_medical"],
            "duration_months": "24", "lead_organisation_id": str(consortium.ru.id),
            "partners-0-organisation_id": str(consortium.ru.id),
            "partners-0-cofinancing_rate": "30",
            "partners-1-organisation_id": str(consortium.by.id),
            "partners-1-cofinancing_rate": "30",
            "budget-0-organisation_id": str(consortium.ru.id), "budget-0-category": "staff",
            "budget-0-amount": "1000", "budget-0-currency": "RUB",
            "budget-1-organisation_id": str(consortium.by.id), "budget-1-category": "travel",
            "budget-1-amount": "500", "budget-1-currency": "RUB",
            "indicators-0-name": "Patents", "indicators-0-baseline": "0",
            "indicators-0-target": "2", "milestones-0-title": "Prototype",
            "milestones-0-month": "6"}
    form.update(changes)
    return form


def test_the_editor_creates_a_proposal_and_opens_its_task_list(app, consortium):
    db.session.commit()
    client = signed_in(app, consortium.manager)
    assert client.get(f"/calls/{consortium.call.id}/proposals/new").status_code == 200
    saved = client.post(f"/calls/{consortium.call.id}/proposals/new", data=editor_form(consortium))
    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert re.search(r"/proposals/\d+/edit$", saved.location)
    page = client.get(saved.location).get_data(as_text=True)
    assert "Edit PAGE" in page and "National" in page
    assert "Smolensk Medical has not confirmed its participation" in page
    project = client.get(f"{saved.location}/project").get_data(as_text=True)
    assert 'value="Page proposal"' in project and 'name="version" type="hidden" value="1"' in project


def test_the_consortium_section_shows_the_classification_and_preview_once_saved(app, consortium):
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(partners=[]), consortium.manager)
    db.session.commit()
    client = signed_in(app, consortium.manager)
    saved = client.post(f"/proposals/{proposal.id}/edit/consortium", data={
        "version": "1", "lead_organisation_id": str(consortium.ru.id),
        "partners-0-organisation_id": str(consortium.ru.id), "partners-0-cofinancing_rate": "30",
        "partners-1-organisation_id": str(consortium.by.id), "partners-1-cofinancing_rate": "20"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    page = client.get(saved.location).get_data(as_text=True)
    assert "Cross-border" in page and "<li>Vitebsk Region — Smolensk Oblast</li>" in page
    assert "(BY-VI)" not in page and "(RU-SMO)" not in page
    assert "Vitebsk Sterile has not confirmed its participation" in page
    partners = {p.organisation_id: p.cofinancing_rate
                for p in services.get_proposal(proposal.id, consortium.manager).partners}
    assert partners == {consortium.ru.id: Decimal("0.3"), consortium.by.id: Decimal("0.2")}


def test_a_stale_save_in_the_editor_is_refused_with_the_message(app, consortium):
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(), consortium.manager)
    db.session.commit()
    client = signed_in(app, consortium.manager)
    first = client.post(f"/proposals/{proposal.id}/edit/project",
                        data=editor_form(consortium, version="1", title="One"))
    assert first.status_code == 302
    stale = client.post(f"/proposals/{proposal.id}/edit/project",
                        data=editor_form(consortium, version="1", title="Two"))
    assert stale.status_code == 422
    assert "Someone else changed this proposal" in stale.get_data(as_text=True)
    assert services.get_proposal(proposal.id, consortium.manager).title == "One"


def test_the_proposal_page_offers_confirm_and_endorse_to_the_right_people(app, consortium):
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(), consortium.manager)
    db.session.commit()
    member = signed_in(app, consortium.by_member)
    page = member.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Confirm our participation" in page and "Endorse this partner" not in page
    assert "Submit the proposal" not in page
    member.post(f"/proposals/{proposal.id}/partners/{consortium.by.id}/confirm")
    contact = signed_in(app, consortium.by_contact)
    page = contact.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Endorse this partner" in page
    assert "Confirm our participation" not in page
    assert contact.post(f"/proposals/{proposal.id}/partners/{consortium.by.id}/endorse"
                        ).status_code == 302
    assert signed_in(app, consortium.outsider).get(f"/proposals/{proposal.id}").status_code == 403


def test_the_applicant_submits_with_the_button_and_sees_the_history(app, consortium):
    proposal = ready(consortium)
    db.session.commit()
    client = signed_in(app, consortium.manager)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Check and submit" in page and "Withdraw the proposal" in page
    assert "Complete the proposal" in page
    check = client.get(f"/proposals/{proposal.id}/check").get_data(as_text=True)
    assert "would be eligible if submitted now" in check and "Submit the proposal" in check
    assert client.post(f"/proposals/{proposal.id}/actions/submit").status_code == 302
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Now: Submitted" in current_step(page)
    assert "The portal is checking eligibility" in current_step(page)
    listing = client.get("/proposals").get_data(as_text=True)
    assert "SMOVIT" in listing
    compare = client.get(f"/proposals/{proposal.id}/compare?a=1&b=1")
    assert compare.status_code == 200 and "The two versions are the same." in compare.get_data(
        as_text=True)


def test_a_version_beyond_the_number_columns_is_not_found_in_the_comparison(app, consortium):
    proposal = services.create_proposal(consortium.values(), consortium.manager)
    db.session.commit()
    client = signed_in(app, consortium.manager)
    for query in ("a=2147483648", "b=99999999999999999999", "a=%C2%B2", "b=0"):
        assert client.get(f"/proposals/{proposal.id}/compare?{query}").status_code == 404


def test_the_proposal_page_writes_amounts_and_the_history_in_the_readers_language(app, consortium):
    proposal = ready(consortium)
    with force_locale("ru"):
        services.submit_proposal(proposal.id, consortium.manager)
    consortium.manager.language = "ru"
    db.session.commit()
    page = signed_in(app, consortium.manager, "ru").get(f"/proposals/{proposal.id}").get_data(
        as_text=True)
    assert "всего 1\xa0500\xa0000\xa0₽" in page and "1500000" not in page
    assert "Joint patents: 0 → 2\xa0patents" in page
    assert "Прежний статус" not in page and "Новый статус" not in page
    assert "Отправитель" not in page and "Кому" not in page


def _history_items(page: str) -> list[str]:
    [history] = re.findall(r'<ol class="history">(.*?)</ol>', page, re.S)
    return [" ".join(item.split()) for item in re.findall(r"<li>(.*?)</li>", history, re.S)]


@pytest.mark.parametrize(("language", "status_word"), [("en", "Draft"), ("ru", "Черновик")])
def test_a_draft_marks_preparation_as_current_and_names_the_lead_applicant_next(
        app, consortium, language, status_word):
    proposal = ready(consortium)
    consortium.manager.language = language
    db.session.commit()
    page = signed_in(app, consortium.manager, language).get(
        f"/proposals/{proposal.id}").get_data(as_text=True)
    assert page.count('aria-current="step"') == 1
    step = current_step(page)
    assert status_word in step
    [actor] = re.findall(r'class="step-next next-actor">.*?<strong>(.*?)</strong>', step, re.S)
    assert actor.endswith("Smolensk Medical")


@pytest.mark.parametrize(("language", "status_word", "actor"), [
    ("en", "Ready for the council", "Secretariat"),
    ("ru", "Готова к рассмотрению Советом", "Секретариат")])
def test_a_proposal_ready_for_the_council_shows_its_done_steps_and_the_secretariat_next(
        app, consortium, language, status_word, actor):
    proposal = ready(consortium)
    with force_locale("en"):
        services.submit_proposal(proposal.id, consortium.manager)
    proposal.status = ProposalStatus.READY_FOR_COUNCIL
    consortium.by_member.language = language
    db.session.commit()
    page = signed_in(app, consortium.by_member, language).get(
        f"/proposals/{proposal.id}").get_data(as_text=True)
    step = current_step(page)
    assert status_word in step and f"<strong>{actor}</strong>" in step
    assert page.count('class="step step-done"') == 3
    assert page.count('class="step step-upcoming"') == 2
    assert "step-not_reached" not in page


def test_a_rejected_proposal_shows_the_steps_it_will_not_reach(app, consortium):
    proposal = ready(consortium)
    proposal.status = ProposalStatus.REJECTED
    db.session.commit()
    page = signed_in(app, consortium.manager).get(f"/proposals/{proposal.id}").get_data(
        as_text=True)
    assert "Now: Rejected" in current_step(page)
    assert page.count('class="step step-not_reached"') == 1 and "Not reached" in page
    assert "A member state, if it asks for reconsideration" in current_step(page)


def test_the_history_reads_as_sentences_naming_who_acted_for_whom(app, consortium):
    proposal = ready(consortium)
    with force_locale("en"):
        services.submit_proposal(proposal.id, consortium.manager)
    db.session.commit()
    page = signed_in(app, consortium.manager).get(f"/proposals/{proposal.id}").get_data(
        as_text=True)
    [submitted] = _history_items(page)
    assert submitted.startswith(
        f"Submitted by {consortium.manager.name} (Smolensk Medical), ")
    assert "UTC+03:00" in submitted
    assert "<th" not in page.split('id="history-heading"')[1].split("</section>")[0]


def test_the_history_writes_a_move_of_the_portal_without_raw_keys_and_with_its_note_in_russian(
        app, consortium):
    proposal = ready(consortium)
    with force_locale("en"):
        services.submit_proposal(proposal.id, consortium.manager)
    db.session.add(StatusChange(proposal_id=proposal.id, from_status=ProposalStatus.SUBMITTED,
                                to_status=ProposalStatus.INELIGIBLE, action="mark_ineligible",
                                note="Budget lines do not add up."))
    proposal.status = ProposalStatus.INELIGIBLE
    consortium.manager.language = "ru"
    db.session.commit()
    page = signed_in(app, consortium.manager, "ru").get(f"/proposals/{proposal.id}").get_data(
        as_text=True)
    items = _history_items(page)
    assert len(items) == 2
    assert "Budget lines do not add up." in items[1] and "Примечание" in items[1]
    assert "mark_ineligible" not in page and "ineligible" not in " ".join(items)


def babel_whole(amount: Decimal, currency: str, language: str) -> str:
    """Babel's own form of a whole amount in ``language``, its zero decimals left out."""
    written = format_currency(amount, currency, locale=language)
    return written.replace(get_decimal_symbol(language) + "00", "")


def test_the_proposal_page_writes_a_large_budget_a_rate_and_a_target_as_each_language_does(
        app, consortium):
    values = consortium.values(indicators=[
        {"name": "Batches", "unit": "шт.", "baseline": "0.0000", "target": "3.0000"}])
    values["partners"][0]["budget"] = [
        {"category": "staff", "amount": "500000000.00", "currency": "RUB"},
        {"category": "consumables", "amount": "250000", "currency": "RUB"}]
    with force_locale("en"):
        proposal = services.create_proposal(values, consortium.manager)
    for language in ("ru", "en"):
        consortium.manager.language = language  # a signed-in user reads pages in their own
        db.session.commit()
        page = signed_in(app, consortium.manager, language).get(
            f"/proposals/{proposal.id}").get_data(as_text=True)
        assert babel_whole(Decimal("500000000"), "RUB", language) in page, language
        assert "500000000" not in page and "3.0000" not in page and "0.0000" not in page
        assert "Batches: 0 → 3\xa0шт." in page
        with force_locale(language):
            names = [str(CATEGORY_NAMES[key]) for key in ("staff", "consumables")]
        assert all(f">{name}</th>" in page for name in names), language
        assert ">staff<" not in page and ">consumables<" not in page
    russian = app.test_client().get(f"/calls/{consortium.call.id}",
                                    headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert format_percent(Decimal("0.2"), locale="ru") in russian  # the minimum co-financing
    assert babel_whole(Decimal("20000000"), "RUB", "ru") in russian  # the maximum grant
