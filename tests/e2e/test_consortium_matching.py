"""The "Suggested partners" section of a draft proposal in the browser: the reasons name the
partner whose need is met, in English and in Russian, and the applicant adds the suggested
organisation to the consortium with the keyboard alone."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from playwright.sync_api import expect

from portal.extensions import db
from portal.matching.encoders import get_encoder
from portal.matching.services import embed_organisations, rebuild_index
from portal.registry.models import ProfileStatus
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import Person
from tests.e2e.steps import sign_in, switch_language, tab_to, visit
from tests.factories import make_call, make_organisation, make_proposal, make_user

pytestmark = pytest.mark.browser

LEAD = "Altai Syrup Works"
LEAD_NEED = "Liquorice root extract for cough syrups"
SUGGESTED = "Semey Liquorice Institute"
SUGGESTED_OFFER = "Liquorice root extract for syrups and lozenges"


@pytest.fixture(scope="module")
def draft(live_server):
    """A draft led by an Altai firm with an Armenian partner, and an institute across the
    border in Kazakhstan that offers what the lead needs; embedded and indexed with the lexical
    encoder, as the worker would."""
    with live_server.app.app_context():
        published = {"status": ProfileStatus.PUBLISHED}
        lead = make_organisation(name=LEAD, state="RU", region="RU-ALT", needs=[LEAD_NEED],
                                 offers=["Herbal cough syrups in glass bottles"], **published)
        partner = make_organisation(name="Yerevan Herbal Labs", state="AM", region="AM-ER",
                                    offers=["Quality control of herbal medicines"], **published)
        suggested = make_organisation(name=SUGGESTED, kind="research_institute", state="KZ",
                                      region="KZ-10", offers=[SUGGESTED_OFFER], **published)
        applicant = make_user(f"org_member:{lead.id}", email="consortium@example.org")
        proposal = make_proposal(call=make_call(), creator=applicant, partners=[lead, partner],
                                 acronym="LIQUORICE")
        db.session.flush()
        encoder = get_encoder("lexical")
        embed_organisations([lead.id, partner.id, suggested.id], encoder)
        db.session.commit()
        rebuild_index(encoder)
        return proposal.id, applicant.email


def in_russian(app, msgid: str, **values) -> str:
    """The message as a Russian reader gets it (the English text until it is translated)."""
    with app.test_request_context(), force_locale("ru"):
        return _(msgid, **values)


def test_the_applicant_reads_why_and_adds_the_suggested_partner_with_the_keyboard(
        page, draft, live_server):
    proposal_id, email = draft
    sign_in(page, Person(email))
    visit(page, f"/proposals/{proposal_id}")
    section = page.locator("section[aria-labelledby=suggestions-heading]")
    expect(section.get_by_role("heading", level=2)).to_have_text("Suggested partners")
    first = section.locator("ol.matches > li").first
    expect(first.get_by_role("heading", level=3)).to_have_text(SUGGESTED)
    expect(first.get_by_role("listitem").first).to_have_text(
        f"offers “{SUGGESTED_OFFER}”, which meets the need of {LEAD} for “{LEAD_NEED}”")
    expect(first).to_contain_text("would bring Kazakhstan into the consortium")
    expect(first).to_contain_text(f"borders the region of {LEAD} (Altai Krai – Abai Region)")

    switch_language(page, "ru")
    expect(section.get_by_role("heading", level=2)).to_have_text(
        in_russian(live_server.app, "Suggested partners"))
    expect(first.get_by_role("listitem").first).to_have_text(in_russian(
        live_server.app, "offers “%(offer)s”, which meets the need of %(partner)s for "
        "“%(need)s”", offer=SUGGESTED_OFFER, partner=LEAD, need=LEAD_NEED))
    switch_language(page, "en")

    button = page.get_by_role("button", name=f"Add to the consortium ({SUGGESTED})")
    tab_to(page, button, "the button that adds a suggested partner")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/proposals/{proposal_id}#partners-heading")
    assert_accessible(page)
    expect(page.locator(".flash").first).to_contain_text(
        f"{SUGGESTED} is now a partner")
    partners = page.get_by_role("table", name="Partners", exact=True).locator("tbody")
    expect(partners).to_contain_text(SUGGESTED)
    expect(page.get_by_role("button", name=f"Add to the consortium ({SUGGESTED})")).to_have_count(0)
