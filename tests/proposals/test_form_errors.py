"""A bad save of the proposal editor tells each problem once: in the summary at the top, linked
to its field, and under the field, in the reader's language and never as a path."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.form_pages import assert_problems_told_once
from tests.pages import signed_in
from tests.proposals.test_pages import editor_form


@pytest.mark.parametrize(("language", "amount", "target"), [
    ("en", "Budget line 2: Amount", "Indicator 1: Target"),
    ("ru", "Статья бюджета 2: Сумма — ", "Показатель 1: ")])
def test_values_the_service_refuses_are_told_in_one_summary_linked_to_their_rows(
        app, consortium, language, amount, target):
    consortium.manager.language = language
    db.session.commit()
    client = signed_in(app, consortium.manager, language)
    response = client.post(f"/calls/{consortium.call.id}/proposals/new", data=editor_form(
        consortium, **{"budget-1-amount": "-5", "indicators-0-target": "1e15"}))
    assert response.status_code == 422
    page = assert_problems_told_once(response.get_data(as_text=True), {
        "budget-1-amount": amount, "indicators-0-target": target})
    assert [link for link, _text in page.links] == ["budget-1-amount", "indicators-0-target"]


@pytest.mark.parametrize(("language", "title", "rate", "month"), [
    ("en", "Title — This field is required.",
     "Partner 2: Co-financing rate, in % — Must be between 0 and 100 %.",
     "Milestone 1: Month — Must be between 1 and 120"),
    ("ru", "Заголовок — Это поле обязательно", "Партнёр 2: ",
     "Контрольная точка 1: Месяц — Должно быть от 1 до 120")])
def test_values_the_form_refuses_are_told_in_the_order_of_the_form(
        app, consortium, language, title, rate, month):
    consortium.manager.language = language
    db.session.commit()
    client = signed_in(app, consortium.manager, language)
    response = client.post(f"/calls/{consortium.call.id}/proposals/new", data=editor_form(
        consortium, **{"title": "", "partners-1-cofinancing_rate": "150",
                       "milestones-0-month": "500"}))
    assert response.status_code == 422
    page = assert_problems_told_once(response.get_data(as_text=True), {
        "title": title, "partners-1-cofinancing_rate": rate, "milestones-0-month": month})
    assert [target for target, _text in page.links] == [
        "title", "partners-1-cofinancing_rate", "milestones-0-month"]
    assert 'value="150"' in response.get_data(as_text=True)
