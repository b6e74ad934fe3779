"""Each role walks from its own dashboard to the end of its work (issue 12), in English and in
Russian, by keyboard: links and buttons are focused and pressed with Enter (or Space for a
check box), fields are found by their label; the language is switched with the header's
switch after signing in. axe runs on every page, and no page shows a key of the code. Numbers,
dates and times are expected as each language writes them, times in the reader's zone.

- the cluster manager builds a proposal with partners of Russia, Kazakhstan and Belarus and
  budget lines in roubles, tenge and Belarusian roubles, confirms the lead's participation from
  the dashboard's task, and submits through the check, which shows each partner's budget in its
  currency and the call's, with the rate and its date;
- the expert answers the invitation on the dashboard, accepts and submits a review;
- the council member follows the ballot on the dashboard to the agenda item, reads the proposal
  and its consensus report, and votes;
- the contact point endorses the partner the dashboard asks about;
- the administrator finds a user and grants a role scoped to an organisation picked by name
  (the organisation picker, by keyboard).

The other partners' confirmations and the endorsements of the manager's proposal are made
through the services (tests/e2e/test_proposal_path.py walks them on the pages).
"""

from __future__ import annotations

import re
from decimal import Decimal
from unittest.mock import patch

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import force_locale
from playwright.sync_api import expect

from portal.core import numbers
from portal.core.db import utcnow
from portal.core.timezones import format_moment
from portal.extensions import db
from tests.e2e.accessibility import assert_accessible
from tests.e2e.journey_data import (
    BUDGET,
    PARTNER_STATES,
    RATE_AGE,
    REPORT_TEXT,
    REPORT_TOTAL,
    Journeys,
    add_journeys,
    partners_confirm_and_are_endorsed,
    rate_in_roubles,
)
from tests.e2e.steps import (
    russian,
    russian_catalogue,
    sign_in,
    switch_language,
    tab_to,
    untranslated,
)

pytestmark = pytest.mark.browser

#: The walkers' zone: the portal's default for a new account.
READER_ZONE = "Europe/Moscow"

LANGUAGES = ["en", "ru"]
#: Words joined by underscores (a key of the code, never a word of a page) and field paths.
EMAIL = re.compile(r"\S+@\S+")
RAW_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\b[a-z_]+\.\d+\.")


@pytest.fixture(scope="module")
def journeys(live_server):
    made: dict[str, Journeys] = {}

    def of(language: str) -> Journeys:
        if language not in made:
            with live_server.app.app_context():
                made[language] = add_journeys(language)
                db.session.commit()
        return made[language]
    return of


def say(language: str, msgid: str, **values) -> str:
    """What the page says for ``msgid`` in ``language``, with its values. A string the Russian
    catalogue does not have yet (the translators fill new ones on their own branch) is shown
    in English, as gettext falls back; it is listed at the end of the run, and the Russian walk
    still checks that the page is in Russian by the strings that are translated."""
    text = msgid
    if language == "ru":
        if translated(msgid):
            text = russian(msgid)
        else:
            untranslated.add(msgid)
    return text % values if values else text


def translated(msgid: str) -> bool:
    message = russian_catalogue().get(msgid)
    return message is not None and bool(message.string) and not message.fuzzy


def moment(live_server, when, language: str) -> str:
    """A time as the pages write it for a reader in Moscow (every walker's zone): the day in the
    language's medium format, the time to the minute and the zone named (``UTC+03:00 Moscow``,
    ``UTC+03:00 Москва``)."""
    with live_server.app.test_request_context(), force_locale(language):
        return format_moment(when, READER_ZONE)


def number(language: str, value, pattern: str = "#,##0.00") -> str:
    return format_decimal(value, pattern, locale=language)


def written(language: str, form, *args) -> str:
    """A figure as the pages write it in ``language``: through the portal's own
    :mod:`portal.core.numbers` (``amount`` is Babel's currency form, whole amounts without cents)."""
    with patch.object(numbers, "_locale", lambda: language):
        return form(*args)


def press(page, control) -> None:
    """Focus a link or a button and press Enter, as a keyboard user does; the page it loads
    is checked by axe and for raw keys."""
    control.focus()
    expect(control).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    no_raw_keys(page)


def start_on_the_dashboard(page, person, language: str) -> None:
    sign_in(page, person)
    if language != "en":
        switch_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(say(language, "My dashboard"))


def main_nav(page, language: str, name: str) -> None:
    press(page, page.get_by_role("navigation", name=say(language, "Main")).get_by_role(
        "link", name=say(language, name), exact=True))


def task(page, language: str, title: str):
    """The dashboard's link to a waiting task."""
    waiting = page.get_by_role("region", name=say(language, "Waiting for me"))
    return waiting.get_by_role("link", name=title, exact=True)


def no_raw_keys(page) -> None:
    """No key of the code on the page (e-mail addresses aside, which may hold underscores)."""
    text = EMAIL.sub("", page.locator("main").inner_text())
    assert not RAW_KEY.findall(text), f"raw keys on {page.url}: {RAW_KEY.findall(text)}"


def choose(group, label: str, value: str) -> None:
    group.get_by_label(label, exact=True).select_option(value)


def pick(scope, label: str, name: str, field: str, organisation_id: int) -> None:
    """An organisation chosen with the picker: its name typed, the first option taken by keyboard."""
    box = scope.get_by_role("combobox", name=label)
    box.fill(name)
    expect(scope.get_by_role("listbox", name=label).get_by_role("option").first).to_contain_text(
        name)
    box.press("ArrowDown")
    box.press("Enter")
    expect(scope.locator(f"input[type=hidden][name={field}]")).to_have_value(str(organisation_id))


def fill_the_project(page, language: str, j: Journeys) -> None:
    def label(msgid: str) -> str:
        return say(language, msgid)
    page.locator("#title").fill(j.title)
    page.get_by_label(label("Acronym"), exact=True).fill(j.acronym)
    page.get_by_label(label("Summary"), exact=True).fill("Shared catalyst and reagent lines.")
    page.get_by_label(label("Work plan"), exact=True).fill("Synthesis, scale-up, certification.")
    page.get_by_label(label("Technology fields"), exact=True).select_option(
        "pharmaceuticals_biotech_medical")
    page.get_by_label(label("Duration in months"), exact=True).fill("24")
    pick(page, label("Lead organisation"), j.organisations[0], "lead_organisation_id",
         j.organisation_ids[0])


def open_section(page, language: str, name: str) -> None:
    press(page, page.locator(".task").get_by_role("link", name=say(language, name), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(say(language, name))


def save_section(page, language: str, j: Journeys) -> None:
    press(page, page.get_by_role("button", name=say(language, "Save"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(language, "Edit %(acronym)s", acronym=j.acronym))


def fill_the_sections(page, language: str, j: Journeys) -> None:
    """The consortium, the budget and the indicators, each section on its own page of the task
    list; a row added with "Add another" when the empty one is used."""
    def label(msgid: str) -> str:
        return say(language, msgid)
    open_section(page, language, "Consortium")
    rows = list(enumerate(zip(j.organisations, j.organisation_ids, strict=True), 1))
    for position, (name, organisation) in rows:
        partner = page.get_by_role("group", name=say(language, "Partner %(n)d", n=position),
                                   exact=True)
        if position > 1:
            pick(partner, label("Organisation"), name, f"partners-{position - 1}-organisation_id",
                 organisation)
        partner.get_by_label(label("Co-financing rate, in %")).fill("30")
        if position > 1 and position < len(rows):
            press(page, page.get_by_role("button", name=label("Add another partner")))
    save_section(page, language, j)
    open_section(page, language, "Budget")
    for position, (organisation, (_state, _region, currency), (category, amount)) in enumerate(
            zip(j.organisation_ids, PARTNER_STATES, BUDGET, strict=True), 1):
        if position > 1:
            press(page, page.get_by_role("button", name=label("Add another budget line")))
        line = page.get_by_role("group", name=say(language, "Budget line %(n)d", n=position),
                                exact=True)
        choose(line, label("Partner"), str(organisation))
        choose(line, label("Category"), category)
        line.get_by_label(label("Amount"), exact=True).fill(str(amount))
        choose(line, label("Currency"), currency)
    save_section(page, language, j)
    open_section(page, language, "Indicators")
    indicator = page.get_by_role("group", name=say(language, "Indicator %(n)d", n=1), exact=True)
    indicator.get_by_label(label("Indicator"), exact=True).fill("Reagents certified")
    indicator.get_by_label(label("Unit"), exact=True).fill("reagents")
    indicator.get_by_label(label("Baseline"), exact=True).fill("0")
    indicator.get_by_label(label("Target"), exact=True).fill("4")
    save_section(page, language, j)


def expect_partner_budgets(page, language: str, j: Journeys) -> None:
    """Each partner's table: the amount in its currency, the rate to roubles with its date, the
    amount in roubles; as written in the page's language."""
    rate_day = format_date(utcnow().date() - RATE_AGE, "medium", locale=language)
    for name, (_state, _region, currency), (_category, amount) in zip(
            j.organisations, PARTNER_STATES, BUDGET, strict=True):
        table = page.get_by_role("table", name=say(language, "Budget of %(name)s", name=name))
        row = table.locator("tbody tr")
        expect(row).to_have_count(1)
        expect(row.locator("td").nth(0)).to_have_text(
            written(language, numbers.amount, amount, currency))
        if currency == "RUB":
            expect(row.locator("td").nth(1)).to_have_text("—")
            converted = amount
        else:
            rate = rate_in_roubles(currency)
            expect(row.locator("td").nth(1)).to_have_text(
                f"{written(language, numbers.number, rate)} "
                f"({say(language, 'rate of %(day)s', day=rate_day)})")
            converted = amount * rate
        expect(row.locator("td").nth(2)).to_have_text(
            written(language, numbers.amount, converted, "RUB"))
        expect(table.locator("tfoot td").nth(2)).to_have_text(
            written(language, numbers.amount, converted, "RUB"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_cluster_manager_builds_a_three_state_proposal_and_submits_it_through_the_check(
        page, live_server, journeys, language):
    j = journeys(language)
    start_on_the_dashboard(page, j.manager, language)
    expect(page.get_by_role("region", name=say(language, "My roles")).get_by_role(
        "listitem")).to_have_text([f"{say(language, 'Cluster manager')}: {j.cluster}",
                                   f"{say(language, 'Organisation member')}: {j.organisations[0]}"])
    main_nav(page, language, "Calls")
    press(page, page.get_by_role("link", name=j.call_title, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(j.call_title)
    press(page, page.get_by_role("link", name=say(language, "Prepare a proposal")))
    expect(page.get_by_role("heading", level=1)).to_have_text(say(language, "New proposal"))
    fill_the_project(page, language, j)
    save_section(page, language, j)
    fill_the_sections(page, language, j)
    budget = page.locator(".task").filter(has=page.get_by_role(
        "link", name=say(language, "Budget"), exact=True))
    expect(budget.locator(".task-state")).to_have_text(say(language, "Completed"))
    no_raw_keys(page)

    # The dashboard now asks the manager to confirm the lead's participation.
    main_nav(page, language, "My dashboard")
    press(page, task(page, language, say(
        language, "Confirm the participation of %(organisation)s in %(acronym)s",
        organisation=j.organisations[0], acronym=j.acronym)))
    expect(page.get_by_role("heading", level=1)).to_contain_text(j.title)
    lead_row = page.get_by_role("row", name=re.compile(re.escape(j.organisations[0])))
    press(page, lead_row.get_by_role("button", name=say(language, "Confirm our participation")))
    expect(page.get_by_role("status")).to_have_text(say(language, "The participation is confirmed."))
    expect(page.get_by_role("row", name=re.compile(re.escape(j.organisations[0])))).to_contain_text(
        say(language, "Yes"))

    with live_server.app.app_context():  # the other partners and the contact points
        partners_confirm_and_are_endorsed(j)
        db.session.commit()

    press(page, page.get_by_role("link", name=say(language, "Check and submit")))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(language, "Check your answers before you submit"))
    expect(page.get_by_role("region", name=say(language, "Eligibility preview"))).to_contain_text(
        say(language, "The preview finds nothing in the way: the proposal would be eligible if "
                      "submitted now. The portal checks again after the submission, since "
                      "partners, rates and calls can change in between."))
    expect_partner_budgets(page, language, j)
    total = sum((amount * (Decimal(1) if currency == "RUB" else rate_in_roubles(currency))
                 for (_s, _r, currency), (_c, amount) in zip(PARTNER_STATES, BUDGET, strict=True)),
                Decimal(0))
    expect(page.locator("main")).to_contain_text(written(language, numbers.amount, total, "RUB"))
    no_raw_keys(page)
    press(page, page.get_by_role("button", name=say(language, "Submit the proposal")))
    expect(page.locator(".proposal-status")).to_have_text(say(language, "Submitted"))
    expect_partner_budgets(page, language, j)
    no_raw_keys(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_expert_answers_the_invitation_from_the_dashboard_and_reviews(
        page, live_server, journeys, language):
    j = journeys(language)
    start_on_the_dashboard(page, j.expert, language)
    invitation = task(page, language, say(language, "Answer the invitation to review %(acronym)s",
                                          acronym=j.review_acronym))
    expect(page.locator(".task-review_invitation")).to_contain_text(
        say(language, "due %(date)s", date=moment(live_server, j.review_due, language)))
    press(page, invitation)
    expect(page.get_by_role("heading", level=1)).to_have_text(j.review_title)
    no_raw_keys(page)
    declaration = page.get_by_label(say(
        language, "I declare that I have no conflict of interest with this proposal: no tie to "
                  "any of its partner organisations or to any organisation of their clusters."))
    declaration.focus()
    page.keyboard.press("Space")
    expect(declaration).to_be_checked()
    press(page, page.get_by_role("button", name=say(language, "Accept the assignment")))
    form = page.get_by_role("region", name=say(language, "Your review"))
    for name, score in (("Excellence", "4"), ("Impact", "4"), ("Implementation", "3.5")):
        scores = form.get_by_label(say(language, "Score for “%(name)s” (0 to 5)", name=name))
        expect(scores.locator(f"option[value='{score}']")).to_have_text(
            number(language, Decimal(score), "0.#"))
        scores.select_option(score)
        form.get_by_label(say(language, "Comment on “%(name)s”", name=name)).fill(
            f"{name}: convincing.")
    form.get_by_label(say(language, "Recommendation"), exact=True).select_option("fund")
    press(page, form.get_by_role("button", name=say(language, "Submit the review")))
    mine = page.get_by_role("region", name=say(language, "Your submitted review"))
    expect(mine).to_contain_text(say(language, "Fund"))
    # 4 × 0.4 + 4 × 0.4 + 3.5 × 0.2, as the page's language writes numbers
    expect(mine).to_contain_text(written(language, numbers.number, Decimal("3.9"), 2))
    no_raw_keys(page)
    main_nav(page, language, "My dashboard")
    expect(task(page, language, say(language, "Answer the invitation to review %(acronym)s",
                                    acronym=j.review_acronym))).to_have_count(0)
    expect(task(page, language, say(language, "Review %(acronym)s",
                                    acronym=j.review_acronym))).to_have_count(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_council_member_reads_the_proposal_and_the_report_then_votes(page, live_server, journeys,
                                                                     language):
    j = journeys(language)
    start_on_the_dashboard(page, j.council_member, language)
    ballot_task = say(language, "Vote on %(acronym)s in “%(session)s”", acronym=j.vote_acronym,
                      session=j.session_title)
    press(page, task(page, language, ballot_task))
    expect(page.get_by_role("heading", level=1)).to_have_text(j.session_title)
    expect(page.locator("main dl.meta").first).to_contain_text(
        moment(live_server, j.session_closes, language))
    item = page.get_by_role("region", name=f"1. {j.vote_acronym}: {j.vote_title}")
    press(page, item.get_by_role("link", name=f"{say(language, 'Read the proposal')} "
                                             f"{j.vote_acronym}"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(j.vote_title)
    partners = page.get_by_role("table", name=say(language, "Partners"), exact=True)
    for name in (j.organisations[0], j.organisations[2]):
        expect(partners.get_by_role("row", name=re.compile(re.escape(name)))).to_have_count(1)
    expect(page.get_by_role("table", name=say(language, "Budget of %(name)s",
                                               name=j.organisations[2]))).to_contain_text(
        written(language, numbers.amount, Decimal("1000000"), "RUB"))

    press(page, page.get_by_role("link", name=say(language, "The consensus report"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(language, "Consolidated review report"))
    scores = page.get_by_role("table", name=say(language, "Scores by criterion (0 to 5)"))
    expect(scores.get_by_role("row", name=re.compile("^Impact"))).to_contain_text(
        number(language, Decimal("3.5"), "0.0"))
    expect(page.locator("main")).to_contain_text(number(language, REPORT_TOTAL))
    expect(page.locator(".report-text")).to_have_text(REPORT_TEXT)
    expect(page.locator("main")).not_to_contain_text(f"journey.{language}.expert")

    main_nav(page, language, "My dashboard")
    press(page, task(page, language, ballot_task))
    ballot = page.get_by_role("group", name=say(language, "Ballot of %(state)s, seat %(seat)d",
                                                state=j.council_state_name, seat=2))
    first = ballot.get_by_role("radio").first
    tab_to(page, first, "the ballot", presses=80)
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("Tab")
    cast = page.get_by_role("button", name=say(language, "Cast the ballot"))
    expect(cast).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    expect(page.get_by_role("status")).to_contain_text(say(
        language, "Your ballot is cast. You may change it until the session closes."))
    expect(page.get_by_role("table", name=say(language, "Ballots"))).to_contain_text(
        j.council_state_name)
    no_raw_keys(page)
    main_nav(page, language, "My dashboard")
    expect(task(page, language, ballot_task)).to_have_count(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_point_endorses_the_partner_the_dashboard_asks_about(page, journeys, language):
    j = journeys(language)
    start_on_the_dashboard(page, j.contact_point, language)
    title = say(language, "Endorse %(organisation)s in %(acronym)s",
                organisation=j.organisations[1], acronym=j.endorse_acronym)
    press(page, task(page, language, title))
    no_raw_keys(page)
    row = page.get_by_role("row", name=re.compile(re.escape(j.organisations[1])))
    expect(row.get_by_role("button")).to_have_count(1)
    press(page, row.get_by_role("button", name=say(language, "Endorse this partner")))
    expect(page.get_by_role("status")).to_have_text(say(language, "The partner is endorsed."))
    row = page.get_by_role("row", name=re.compile(re.escape(j.organisations[1])))
    endorsed = row.locator(f'td[data-label="{say(language, "Endorsed")}"]')
    expect(endorsed).to_have_text(say(language, "Yes"))
    main_nav(page, language, "My dashboard")
    expect(task(page, language, title)).to_have_count(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_administrator_finds_a_user_and_grants_a_role_scoped_by_name(page, journeys, language):
    j = journeys(language)
    start_on_the_dashboard(page, j.administrator, language)
    main_nav(page, language, "Users")
    expect(page.get_by_role("heading", level=1)).to_have_text(say(language, "Users"))
    search = page.get_by_label(say(language, "E-mail address or name"))
    search.focus()
    page.keyboard.type(j.grantee_email)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    row = page.get_by_role("row", name=re.compile(re.escape(j.grantee_email)))
    expect(row).to_have_count(1)
    press(page, row.get_by_role("link", name=j.grantee_name))
    expect(page.get_by_role("heading", level=1)).to_have_text(j.grantee_name)
    expect(page.locator("main")).to_contain_text(say(language, "This user holds no role."))
    role = page.get_by_label(say(language, "Role"), exact=True)
    role.select_option("org_member")
    picker = page.get_by_role("combobox", name=say(language, "Organisation"), exact=True)
    picker.focus()
    page.keyboard.type(j.grant_organisation.lower())
    listbox = page.get_by_role("listbox", name=say(language, "Organisation"))
    expect(listbox.get_by_role("option").first).to_contain_text(j.grant_organisation)
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(picker).to_have_value(j.grant_organisation)
    press(page, page.get_by_role("button", name=say(language, "Grant the role")))
    described = f"{say(language, 'Organisation member')}: {j.grant_organisation}"
    expect(page.get_by_role("status")).to_have_text(say(
        language, "%(name)s now holds the role %(role)s.", name=j.grantee_name, role=described))
    expect(page.get_by_role("row", name=re.compile(re.escape(described)))).to_have_count(1)
    no_raw_keys(page)
