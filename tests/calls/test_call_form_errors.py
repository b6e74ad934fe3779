"""A bad call form tells each problem once: in the summary at the top, linked to its field and
named by its row ("Criterion 3: Weight", "Kyrgyzstan: National envelope"), never flashed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portal.calls.models import Call
from portal.extensions import db
from portal.reference.queries import states
from tests.calls.test_calls import CALL_FORM
from tests.factories import make_organisation, make_user
from tests.form_pages import assert_problems_told_once
from tests.pages import signed_in

#: Every row of the page as a browser sends it: blank rows too (WTForms renumbers rows when
#: some are missing from the posted form).
BLANK_ROWS = {**{f"envelopes-{n}-amount": "" for n in range(5)},
              **{f"criteria-{n}-{name}": "" for n in range(1, 6)
                 for name in ("key", "name", "weight", "threshold")}}


def _secretariat(app, language="en"):
    user = make_user("secretariat", with_totp=True)
    user.language = language
    db.session.commit()
    return signed_in(app, user, language)


@pytest.mark.parametrize(("language", "weight", "envelope"), [
    ("en", "Criterion 3: Weight — The weight must be more than 0.",
     "Kyrgyzstan: National envelope — Must be between 0 and 10,000,000,000,000."),
    ("ru", "Критерий 3: ", "Кыргызстан: ")])
def test_rows_the_service_refuses_are_linked_under_the_row_filled_in(
        app, session, language, weight, envelope):
    kg = make_organisation("KG", "KG-C", status="published")
    client = _secretariat(app, language)
    kg_row = [state.code for state in states()].index("KG")
    response = client.post("/calls/new", data={
        **CALL_FORM, **BLANK_ROWS, "criteria-2-key": "impact", "criteria-2-name": "Impact",
        "criteria-2-weight": "0", "criteria-2-threshold": "3",
        f"envelopes-{kg_row}-amount": "-5",
        f"envelopes-{kg_row}-co_funder_organisation_id": str(kg.id)})

    assert response.status_code == 422
    page = assert_problems_told_once(response.get_data(as_text=True), {
        f"envelopes-{kg_row}-amount": envelope, "criteria-2-weight": weight})
    assert [target for target, _text in page.links] == [
        f"envelopes-{kg_row}-amount", "criteria-2-weight"]


@pytest.mark.parametrize(("language", "title", "rate", "days"), [
    ("en", "Title — This field is required.",
     "Minimum co-financing rate, in % — Must be from 0 up to, not including, 100 %.",
     "Review period in days — Must be a whole number."),
    ("ru", "Заголовок — Это поле обязательно", " — ", "— Требуется целое число.")])
def test_values_the_form_refuses_are_told_in_the_readers_words(
        app, session, language, title, rate, days):
    client = _secretariat(app, language)
    response = client.post("/calls/new", data={
        **CALL_FORM, "title": "", "min_cofinancing_rate": "100", "review_days": "many"})

    assert response.status_code == 422
    assert_problems_told_once(response.get_data(as_text=True), {
        "title": title, "min_cofinancing_rate": rate, "review_days": days})


def test_the_minimum_rate_is_typed_in_percent_and_kept_as_a_fraction(app, session):
    client = _secretariat(app)
    done = client.post("/calls/new", data={**CALL_FORM, "min_cofinancing_rate": "12.5"})
    assert done.status_code == 302, done.get_data(as_text=True)
    call = db.session.get(Call, int(done.location.rsplit("/", 1)[1]))
    assert call.min_cofinancing_rate == Decimal("0.125")
    assert "12.5%" in client.get(done.location).get_data(as_text=True)
