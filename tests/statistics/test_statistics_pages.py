"""The public statistics page, the navigation's links to it, and the dashboards' figures: the
secretariat's pipeline and the council's outcomes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

from portal.core.db import utcnow
from portal.council.models import AgendaItem, VoteSession
from portal.extensions import db
from tests.factories import make_call, make_proposal, make_user
from tests.pages import signed_in
from tests.statistics.builders import varied


def _svgs(page: str) -> list[ET.Element]:
    # the portal's own markup
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", page, re.S)]  # noqa: S314


def test_anyone_reads_the_statistics_as_charts_beside_tables(client, session):
    data = varied()
    session.commit()

    response = client.get("/statistics")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Statistics</h1>" in page
    charts = _svgs(page)
    assert len(charts) == 8 and all(chart.get("role") == "img" for chart in charts)
    assert page.count("<table>") == 7
    assert '<th scope="row">Call &lt;in roubles&gt;</th>' in page
    assert "Call <in roubles>" not in page
    assert "Smolensk &amp; Vitebsk devices" in page and "Unpublished cluster" not in page
    # The grant with no rate is told apart, in its own currency.
    assert "Grants with no exchange rate" in page and "KZT" in page
    assert f'<option value="{data.calls["kzt"].id}"' in page


def test_the_statistics_page_of_one_call(client, session):
    data = varied()
    session.commit()

    page = client.get(f"/statistics?call={data.calls['byn'].id}").get_data(as_text=True)

    assert f'<option value="{data.calls["byn"].id}" selected>' in page
    assert '<th scope="row">Call in Belarusian roubles</th>' in page
    assert '<th scope="row">Call in tenge</th>' not in page


def test_the_statistics_page_refuses_a_call_that_is_not_one(client, session):
    assert client.get("/statistics?call=nothing").status_code == 422


def test_the_statistics_page_with_no_figures_yet(client, session):
    page = client.get("/statistics").get_data(as_text=True)

    assert "No proposal has been submitted yet." in page
    assert all(chart.find("{http://www.w3.org/2000/svg}title") is not None
               for chart in _svgs(page))


def test_the_public_navigation_links_to_the_statistics(client, session):
    page = client.get("/").get_data(as_text=True)
    nav = page[page.find('class="wrap main-nav"'):page.find("</nav>")]

    assert '<a href="/statistics">Statistics</a>' in nav


def test_the_secretariat_sees_the_pipeline_of_proposals_per_status_and_call(app, session):
    secretariat = make_user("secretariat", with_totp=True)
    call = make_call(title="Pharma & devices 2026")
    make_proposal(call=call)
    for status in ("submitted", "submitted", "in_review"):
        make_proposal(call=call, status=status, submitted_at=utcnow())
    db.session.commit()

    page = signed_in(app, secretariat).get("/dashboard").get_data(as_text=True)

    section = page[page.find('id="pipeline-heading"'):]
    assert "Pipeline of proposals" in section
    assert _svgs(section)[0].find("{http://www.w3.org/2000/svg}title").text == (
        "Proposals per status, per call")
    row = re.search(r'<th scope="row">Pharma &amp; devices 2026</th>(.*?)</tr>', section).group(1)
    assert re.findall(r"<td>(\d+)</td>", row) == ["1", "2", "1", "4"]
    assert 'id="outcomes-heading"' not in page


def test_a_council_member_sees_the_outcomes_of_each_vote_session(app, session):
    member = make_user("council_member:KZ", with_totp=True)
    secretariat = make_user("secretariat")
    now = utcnow()
    vote = VoteSession(title="Spring session", kind="written", opens_at=now - timedelta(days=9),
                       closes_at=now - timedelta(days=2), status="closed",
                       created_by_id=secretariat.id)
    db.session.add(vote)
    db.session.flush()
    for position, outcome in enumerate(("adopted", "adopted", "rejected", "no_consensus", None)):
        db.session.add(AgendaItem(session_id=vote.id, proposal_id=make_proposal().id,
                                  position=position, rule="consensus", outcome=outcome))
    db.session.commit()

    page = signed_in(app, member).get("/dashboard").get_data(as_text=True)

    section = page[page.find('id="outcomes-heading"'):]
    assert "Outcomes of the vote sessions" in section
    row = re.search(r'<th scope="row">Spring session</th>(.*?)</tr>', section).group(1)
    assert re.findall(r"<td>(\d+)</td>", row) == ["2", "1", "1", "4"]
    assert 'id="pipeline-heading"' not in page


def test_a_member_of_an_organisation_sees_neither(app, session):
    user = make_user()
    db.session.commit()

    page = signed_in(app, user).get("/dashboard").get_data(as_text=True)

    assert 'id="pipeline-heading"' not in page and 'id="outcomes-heading"' not in page
