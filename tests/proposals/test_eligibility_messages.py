"""Every eligibility reason reads as a sentence in English and in Russian, with the organisation
named and the amounts, percentages and dates written the reader's way."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from babel.numbers import format_percent
from flask_babel import force_locale

from portal.proposals.eligibility import REASON_CODES, Reason
from portal.proposals.eligibility_messages import MESSAGES, describe
from portal.proposals.labels import CATEGORY_NAMES

NBSP = "\u00a0"
#: One reason of every code, with parameters as check_eligibility writes them.
SAMPLES = {
    "call_not_open": {"submitted_at": "2026-05-02T09:00:00+00:00",
                      "opens_at": "2026-03-01T09:00:00+00:00", "closes_at": "2026-05-01T09:00:00+00:00"},
    "too_few_states": {"found": 1, "required": 3},
    "lead_not_in_member_state": {"organisation": "Smolensk Innovation Cluster"},
    "no_lead": {},
    "partner_not_in_member_state": {"organisation": "Tashkent Textile Cluster"},
    "not_confirmed": {"organisation": "Kostanay Agro Cluster"},
    "not_endorsed": {"organisation": "Vitebsk Technology Park"},
    "empty_budget": {},
    "missing_rate": {"organisation": "Kostanay Agro Cluster", "category": "personnel", "currency": "KZT"},
    "negative_amount": {"organisation": "Smolensk Innovation Cluster", "category": "travel",
                        "amount": "-1500.00", "currency": "RUB"},
    "grant_above_maximum": {"grant": "3667500.00", "maximum": "3000000.00", "currency": "RUB"},
    "cofinancing_below_minimum": {"rate": "36.60", "minimum": "40.00"},
    "budget_mismatch": {"declared": "3700000.00", "computed": "3667500.00", "currency": "RUB"},
    "national_envelope": {"state": "BY", "grant": "45000.00", "remaining": "40000.00",
                          "currency": "BYN"},
    "no_technology_field": {},
    "field_not_in_call": {"field": "photonics"},
    "missing_section": {"section": "work_plan"},
    "missing_attachment": {"kind": "letter_of_intent"},
    "no_consortium_agreement": {},
    "no_ip_section": {},
    "no_indicator": {},
}
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def render(app, language: str, code: str, labels=None) -> str:
    with app.test_request_context(), force_locale(language):
        return describe(Reason(code, SAMPLES[code]), labels)


def template(code: str, language: str) -> str:
    with force_locale(language):
        return str(MESSAGES[code])


def test_every_reason_code_has_a_message_and_a_sample():
    assert set(MESSAGES) == set(REASON_CODES) == set(SAMPLES)


@pytest.mark.parametrize("code", REASON_CODES)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_reason_renders_with_all_its_parameters_filled(app, language, code):
    text = render(app, language, code)
    assert "%(" not in text
    assert text.endswith(".")
    for name in ("organisation", "currency", "field"):
        if name in SAMPLES[code]:
            assert SAMPLES[code][name] in text
    if "category" in SAMPLES[code]:  # a known category by its name, an unknown one as written
        key = SAMPLES[code]["category"]
        with app.test_request_context(), force_locale(language):
            assert str(CATEGORY_NAMES.get(key, key)) in text


@pytest.mark.parametrize("code", REASON_CODES)
def test_every_reason_reads_in_russian(app, code):
    with app.test_request_context():
        english, russian = (template(code, language) for language in ("en", "ru"))
    if russian == english:
        pytest.fail(f"no Russian translation of {english!r} "
                    "(portal/translations/ru/LC_MESSAGES/messages.po)")
    assert CYRILLIC.search(render(app, "ru", code))


@pytest.mark.parametrize(("code", "english"), [
    ("not_confirmed", "Kostanay Agro Cluster has not confirmed its participation in the proposal."),
    ("too_few_states", "The partners come from too few member states: 1, where the call requires "
                       "at least 3."),
    ("grant_above_maximum", "The requested grant of 3,667,500 RUB is above the call's maximum of "
                            "3,000,000 RUB."),
    ("cofinancing_below_minimum", "The partners co-finance 36.6% of the budget; the call requires at "
                                  "least 40%."),
    ("budget_mismatch", "The stated grant of 3,700,000 RUB does not match the budget lines, which "
                        "add up to a grant of 3,667,500 RUB."),
    ("negative_amount", "The budget line “Travel” of Smolensk Innovation Cluster has a negative amount: "
                        "-1,500 RUB."),
    ("missing_section", "The section “Work plan” is missing."),
    ("missing_attachment", "The attachment “Letter of intent” is missing."),
])
def test_english_messages_name_the_organisation_and_format_the_amounts(app, code, english):
    assert render(app, "en", code) == english


def test_russian_messages_write_amounts_the_russian_way(app):
    text = render(app, "ru", "grant_above_maximum")
    assert f"3{NBSP}667{NBSP}500 RUB" in text
    assert f"3{NBSP}000{NBSP}000 RUB" in text
    assert "36,6" in render(app, "ru", "cofinancing_below_minimum")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_cofinancing_rates_are_percentages_as_babel_writes_them(app, language):
    text = render(app, language, "cofinancing_below_minimum")
    share = format_percent(Decimal("0.366"), locale=language, decimal_quantization=False)
    minimum = format_percent(Decimal("0.4"), locale=language)
    assert f" {share} " in text and text.endswith(f" {minimum}.")
    assert "%%" not in text and "% %" not in text and "%" + NBSP + "%" not in text


def test_dates_are_written_in_the_readers_language(app):
    english = render(app, "en", "call_not_open")
    assert "May 2, 2026" in english
    assert "Mar 1, 2026" in english
    assert "2 мая 2026" in render(app, "ru", "call_not_open")


@pytest.mark.parametrize(("code", "label", "expected"), [
    ("field_not_in_call", {"photonics": "Photonics and lasers"},
     "The technology field “Photonics and lasers” is not among the call's."),
    ("field_not_in_call", None, "The technology field “photonics” is not among the call's."),
    ("missing_section", {"work_plan": "Plan of work"}, "The section “Plan of work” is missing."),
    ("missing_attachment", {"letter_of_intent": "Memorandum"}, "The attachment “Memorandum” is missing."),
    ("negative_amount", {"travel": "Travel and subsistence"},
     "The budget line “Travel and subsistence” of Smolensk Innovation Cluster has a negative amount: "
     "-1,500 RUB."),
])
def test_keys_are_named_by_the_labels_the_caller_gives(app, code, label, expected):
    assert render(app, "en", code, label) == expected
