"""The secretariat's list of proposals, headed "Proposals", filtered by call, status, member
state of any partner and classification, paginated, on the page and in the API; applicants
keep their own list."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from portal.accounts import tokens
from portal.extensions import db
from portal.proposals.models import Proposal
from tests.factories import make_call, make_organisation, make_proposal, make_user
from tests.pages import signed_in


@pytest.fixture
def proposals(session):
    first_call, second_call = make_call(title="First call"), make_call(title="Second call")
    ru_by = make_proposal(call=first_call, acronym="RUBY", partners=[
        make_organisation("RU", "RU-SMO"), make_organisation("BY", "BY-VI")])
    kz_kg = make_proposal(call=second_call, acronym="KZKG", partners=[
        make_organisation("KZ", "KZ-31"), make_organisation("KG", "KG-C")])
    am_ru = make_proposal(call=second_call, acronym="AMRU", partners=[
        make_organisation("AM", "AM-ER"), make_organisation("RU", "RU-SPE")])
    db.session.execute(update(Proposal).where(Proposal.id == ru_by.id).values(
        status="ineligible", classification="cross_border"))
    db.session.execute(update(Proposal).where(Proposal.id == kz_kg.id).values(
        classification="cross_border"))
    db.session.execute(update(Proposal).where(Proposal.id == am_ru.id).values(
        classification="transnational"))
    return {"calls": (first_call, second_call), "RUBY": ru_by, "KZKG": kz_kg, "AMRU": am_ru}


def _acronyms(page: str) -> set[str]:
    return {acronym for acronym in ("RUBY", "KZKG", "AMRU") if f">{acronym}</a>" in page}


def test_the_secretariat_reads_every_proposal_under_proposals_and_filters_them(app, proposals):
    secretariat = make_user("secretariat", with_totp=True)
    db.session.commit()
    browser = signed_in(app, secretariat)
    page = browser.get("/proposals").get_data(as_text=True)
    assert "<h1>Proposals</h1>" in page and "My proposals" not in page
    assert _acronyms(page) == {"RUBY", "KZKG", "AMRU"}
    second = proposals["calls"][1].id
    assert _acronyms(browser.get(f"/proposals?call_id={second}").get_data(as_text=True)) == {
        "KZKG", "AMRU"}
    assert _acronyms(browser.get("/proposals?status=ineligible").get_data(as_text=True)) == {
        "RUBY"}
    assert _acronyms(browser.get("/proposals?state=RU").get_data(as_text=True)) == {
        "RUBY", "AMRU"}
    assert _acronyms(browser.get("/proposals?state=kg").get_data(as_text=True)) == {"KZKG"}
    assert _acronyms(browser.get("/proposals?classification=cross_border&state=RU")
                     .get_data(as_text=True)) == {"RUBY"}
    assert browser.get("/proposals?status=lost").status_code == 422
    assert browser.get("/proposals?state=XX").status_code == 422


def test_the_list_pages_keep_the_filters(app, proposals):
    secretariat = make_user("secretariat", with_totp=True)
    call = proposals["calls"][1]
    for _n in range(21):
        make_proposal(call=call, acronym="MORE")
    db.session.commit()
    browser = signed_in(app, secretariat)
    page = browser.get(f"/proposals?call_id={call.id}").get_data(as_text=True)
    assert f"/proposals?page=2&amp;call_id={call.id}" in page
    second = browser.get(f"/proposals?page=2&call_id={call.id}").get_data(as_text=True)
    assert second.count(">MORE</a>") + len(_acronyms(second)) == 3


def test_an_applicant_keeps_their_own_list(app, proposals):
    applicant = proposals["RUBY"].created_by
    db.session.commit()
    page = signed_in(app, applicant).get("/proposals").get_data(as_text=True)
    assert "<h1>My proposals</h1>" in page and 'role="search"' not in page
    assert _acronyms(page) == {"RUBY"}


def test_the_api_filters_the_same_way(client, proposals):
    secretariat = make_user("secretariat")
    _row, token = tokens.create_token(secretariat, "test", secretariat)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}

    def acronyms(query: str) -> set[str]:
        response = client.get(f"/api/v1/proposals?{query}", headers=headers)
        assert response.status_code == 200
        return {item["acronym"] for item in response.get_json()["items"]} & {
            "RUBY", "KZKG", "AMRU"}

    assert acronyms(f"call_id={proposals['calls'][0].id}") == {"RUBY"}
    assert acronyms("state=BY") == {"RUBY"}
    assert acronyms("classification=transnational") == {"AMRU"}
    assert acronyms("status=draft&state=KZ") == {"KZKG"}
    response = client.get("/api/v1/proposals?classification=regional", headers=headers)
    assert response.status_code == 422
    assert "classification" in response.get_json()["error"]["fields"]
