"""A bad save of the proposal editor tells each problem once: in the summary at the top, linked
to its field, and under the field, in the reader's language and never as a path."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from portal.extensions import db
from portal.proposals import services
from tests.form_pages import assert_problems_told_once
from tests.pages import signed_in
from tests.proposals.test_pages import editor_form


@pytest.mark.parametrize(("language", "rate", "amount"), [
    ("en", "Partner 2: Co-financing rate", "Budget line 2: Amount"),
    ("ru", "Партнёр 2: ", "Статья бюджета 2: Сумма — ")])
def test_values_the_service_refuses_are_told_in_one_summary_linked_to_their_rows(
        app, consortium, language, rate, amount):
    consortium.manager.language = language
    db.session.commit()
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(), consortium.manager)
    db.session.commit()
    client = signed_in(app, consortium.manager, language)
    form = {"version": "1", **editor_form(consortium, **{
        "partners-1-cofinancing_rate": "150", "budget-1-amount": "-5"})}
    partners = client.post(f"/proposals/{proposal.id}/edit/consortium", data=form)
    assert partners.status_code == 422
    page = assert_problems_told_once(partners.get_data(as_text=True), {
        "partners-1-cofinancing_rate": rate})
    assert [target for target, _text in page.links] == ["partners-1-cofinancing_rate"]
    budget = client.post(f"/proposals/{proposal.id}/edit/budget", data=form)
    assert budget.status_code == 422
    page = assert_problems_told_once(budget.get_data(as_text=True), {"budget-1-amount": amount})
    assert [target for target, _text in page.links] == ["budget-1-amount"]


@pytest.mark.parametrize(("language", "title", "acronym", "month"), [
    ("en", "Title — ", "Acronym — ", "Milestone 1: Month — Must be between 1 and 120"),
    ("ru", "Заголовок — ", "Акроним — ",
     "Контрольная точка 1: Месяц — Должно быть от 1 до 120")])
def test_values_the_form_refuses_are_told_in_the_order_of_the_form(
        app, consortium, language, title, acronym, month):
    consortium.manager.language = language
    db.session.commit()
    client = signed_in(app, consortium.manager, language)
    response = client.post(f"/calls/{consortium.call.id}/proposals/new", data=editor_form(
        consortium, **{"title": "", "acronym": ""}))
    assert response.status_code == 422
    page = assert_problems_told_once(response.get_data(as_text=True), {
        "title": title, "acronym": acronym})
    assert [target for target, _text in page.links] == ["title", "acronym"]
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(), consortium.manager)
    db.session.commit()
    response = client.post(f"/proposals/{proposal.id}/edit/milestones", data={
        "version": "1", "milestones-0-title": "Prototype", "milestones-0-month": "500",
        "milestones-1-title": "Pilot", "milestones-1-month": "13"})
    assert response.status_code == 422
    page = assert_problems_told_once(response.get_data(as_text=True),
                                     {"milestones-0-month": month})
    assert [target for target, _text in page.links] == ["milestones-0-month"]
