"""A bad save of the proposal editor tells each problem once: in the summary at the top, linked
to its field, and under the field, in the reader's language and never as a path."""

from __future__ import annotations

import pytest

from portal.extensions import db
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
    client = signed_in(app, consortium.manager, language)
    response = client.post(f"/calls/{consortium.call.id}/proposals/new", data=editor_form(
        consortium, **{"partners-1-cofinancing_rate": "5", "budget-1-amount": "-5"}))
    assert response.status_code == 422
    page = assert_problems_told_once(response.get_data(as_text=True), {
        "partners-1-cofinancing_rate": rate, "budget-1-amount": amount})
    assert [target for target, _text in page.links] == [
        "partners-1-cofinancing_rate", "budget-1-amount"]


@pytest.mark.parametrize(("language", "title", "month"), [
    ("en", "Title — ", "Milestone 1: Month — Must be between 1 and 120"),
    ("ru", "Заголовок — ", "Контрольная точка 1: Месяц — Должно быть от 1 до 120")])
def test_values_the_form_refuses_are_told_in_the_order_of_the_form(
        app, consortium, language, title, month):
    consortium.manager.language = language
    db.session.commit()
    client = signed_in(app, consortium.manager, language)
    response = client.post(f"/calls/{consortium.call.id}/proposals/new", data=editor_form(
        consortium, **{"title": "", "milestones-0-month": "500"}))
    assert response.status_code == 422
    page = assert_problems_told_once(response.get_data(as_text=True), {
        "title": title, "milestones-0-month": month})
    assert [target for target, _text in page.links] == ["title", "milestones-0-month"]
