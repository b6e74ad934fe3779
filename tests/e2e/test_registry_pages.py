"""Registering an organisation, creating a cluster and managing its members, with the keyboard,
in English and in Russian.

The Russian walk finds its way by addresses, field names and form positions rather than by
English words, so that it holds before and after the Russian catalogue is updated; it checks
that every page it lands on is in Russian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.registry.models import ProfileStatus
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import Person
from tests.e2e.steps import sign_in, switch_language, visit
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.browser

ORGANISATION_PAGE = re.compile(r"/organisations/\d+$")
CLUSTER_PAGE = re.compile(r"/clusters/\d+$")
MEMBERS_PAGE = re.compile(r"/clusters/\d+/members(\?.*)?$")


@dataclass(frozen=True)
class Cast:
    person: Person
    office: str
    candidate: str


def _cast(live_server, tag: str) -> Cast:
    """A member of a published Kazakh organisation, and another published Kazakh organisation
    to take into a cluster (one of the cluster's own state joins at once); names carry ``tag``
    so that each test has its own."""
    office, candidate = f"Karaganda Cluster Office {tag}", f"Temirtau Textile Works {tag}"
    with live_server.app.app_context():
        made = make_organisation(state="KZ", region="KZ-35", name=office,
                                 status=ProfileStatus.PUBLISHED)
        make_organisation(state="KZ", region="KZ-35", name=candidate, status=ProfileStatus.PUBLISHED)
        user = make_user(f"org_member:{made.id}", email=f"registry.{tag}@example.org")
        db.session.commit()
        return Cast(Person(user.email), office, candidate)


def press(locator) -> None:
    """Activate a link or a button from the keyboard."""
    locator.focus()
    locator.press("Enter")


def type_into(page, locator, text: str) -> None:
    locator.focus()
    page.keyboard.type(text)


def tick(locator) -> None:
    locator.focus()
    locator.press("Space")
    expect(locator).to_be_checked()


def landed(page, url, language: str) -> None:
    page.wait_for_url(url)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)


def register_organisation(page, name: str, language: str) -> None:
    press(page.locator("main a[href='/organisations/new']"))
    landed(page, "**/organisations/new", language)
    type_into(page, page.locator("#name"), name)
    page.locator("#kind").select_option("research_institute")
    page.locator("#state").select_option("KG")
    page.locator("#region").select_option("KG-C")
    page.locator("#language").select_option("ru")
    type_into(page, page.locator("#offers"), "Анализ почв")
    page.locator("#offers").press("Enter")
    page.keyboard.type("Семенной контроль")
    type_into(page, page.locator("#nace_codes"), "72.11")
    tick(page.locator("input[name=technology_fields][value=agro_food]"))
    type_into(page, page.locator("#website"), "https://agro.example.org")
    press(page.locator("main form input[type=submit]"))
    landed(page, ORGANISATION_PAGE, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator(".flash-info")).to_contain_text(name)


def create_cluster(page, cast: Cast, name: str, language: str) -> None:
    visit(page, "/dashboard")
    press(page.locator("main a[href='/clusters/new']"))
    landed(page, "**/clusters/new", language)
    management = page.locator("#management_organisation_id")
    management.select_option(label=cast.office)
    page.locator("#management_helix_role").select_option("intermediary")
    type_into(page, page.locator("#name"), name)
    page.locator("#state").select_option("KZ")
    page.locator("#region").select_option("KZ-35")
    type_into(page, page.locator("#jobs"), "1200")
    press(page.locator("main form input[type=submit]"))
    landed(page, CLUSTER_PAGE, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def find_and_add(page, cast: Cast, language: str) -> None:
    type_into(page, page.locator("#member-query"), "Temirtau Textile")
    page.locator("#member-query").press("Enter")
    landed(page, MEMBERS_PAGE, language)
    candidate = page.locator(".candidates li", has_text=cast.candidate)
    candidate.locator("select").select_option("business")
    press(candidate.locator("button[type=submit]"))
    landed(page, MEMBERS_PAGE, language)


def member_row(page, name: str):
    return page.locator("table.members tbody tr", has_text=name)


def test_a_user_registers_an_organisation_and_runs_a_cluster_in_english(page, live_server):
    cast = _cast(live_server, "en")
    sign_in(page, cast.person)
    register_organisation(page, "Chüy Agro Lab", "en")
    expect(page.locator(".flash-info")).to_contain_text(
        "is waiting for moderation by the contact point of Kyrgyzstan")

    create_cluster(page, cast, "Steppe Textile Cluster", "en")
    press(page.get_by_role("link", name="Manage the members"))
    landed(page, MEMBERS_PAGE, "en")
    office = member_row(page, cast.office)
    expect(office).to_contain_text("Manages the cluster")
    expect(office.get_by_role("button", name=re.compile("^Remove"))).to_have_count(0)

    find_and_add(page, cast, "en")
    expect(page.get_by_role("status").filter(has_text="is now a member")).to_be_visible()
    page.get_by_label(f"Helix role of {cast.candidate}").select_option("academia")
    press(page.get_by_role("button", name=f"Change the role of {cast.candidate}"))
    landed(page, MEMBERS_PAGE, "en")
    expect(page.get_by_label(f"Helix role of {cast.candidate}")).to_have_value("academia")

    press(page.get_by_role("button", name=f"Remove {cast.candidate}"))
    landed(page, MEMBERS_PAGE, "en")
    expect(page.locator("main")).to_contain_text(f"{cast.candidate} is no longer a member")
    expect(member_row(page, cast.candidate)).to_have_count(0)
    expect(member_row(page, cast.office)).to_have_count(1)


def test_a_user_registers_an_organisation_and_runs_a_cluster_in_russian(page, live_server):
    cast = _cast(live_server, "ru")
    sign_in(page, cast.person)
    switch_language(page, "ru")
    register_organisation(page, "Чуйская агролаборатория", "ru")

    create_cluster(page, cast, "Степной текстильный кластер", "ru")
    cluster_path = re.sub(r"^https?://[^/]+", "", page.url)
    press(page.locator(f"main a[href='{cluster_path}/members']"))
    landed(page, MEMBERS_PAGE, "ru")
    expect(member_row(page, cast.office).locator("td").last.locator("button")).to_have_count(0)

    find_and_add(page, cast, "ru")
    row = member_row(page, cast.candidate)
    row.locator("select").select_option("government")
    press(row.locator("button[type=submit]").first)
    landed(page, MEMBERS_PAGE, "ru")
    expect(member_row(page, cast.candidate).locator("select")).to_have_value("government")

    press(member_row(page, cast.candidate).locator("td").last.locator("button"))
    landed(page, MEMBERS_PAGE, "ru")
    expect(member_row(page, cast.candidate)).to_have_count(0)
    expect(member_row(page, cast.office)).to_have_count(1)
