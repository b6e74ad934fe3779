"""The dashboards of a national contact point, a co-funder and an expert each draw a chart of
their figures, with the same figures in a table: the state's organisations and clusters per
moderation status, the envelopes committed and remaining per call, the assignments per status."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.core.db import utcnow
from portal.council.models import Decision
from portal.extensions import db
from portal.registry.models import Cluster
from portal.review.models import Assignment
from portal.statistics import role_figures
from tests.factories import (
    make_approved_proposal,
    make_call,
    make_envelope,
    make_organisation,
    make_proposal,
    make_user,
)
from tests.pages import signed_in
from tests.tables import assert_reflows


def section(page: str, heading_id: str) -> str:
    start = page.index(f'<section aria-labelledby="{heading_id}">')
    return page[start:page.index("</section>", start)]


def chart_named(page: str, chart_id: str) -> bool:
    return bool(re.search(rf'<svg[^>]*role="img"[^>]*aria-labelledby="{chart_id}-title', page))


def cells(table: str) -> list[list[str]]:
    """Each body row's header and data cells, tags removed."""
    body = table[table.index("<tbody>"):table.index("</tbody>")]
    return [[" ".join(re.sub(r"<[^>]+>", "", cell).split())
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_a_contact_point_sees_its_states_organisations_and_clusters_per_status(app, session):
    published = [make_organisation("AM", "AM-ER", status="published") for _ in range(3)]
    make_organisation("AM", "AM-ER", status="pending")
    make_organisation("AM", "AM-ER", status="returned")
    make_organisation("KG", "KG-C", status="pending")  # another state's
    db.session.add(Cluster(name="Ararat Isotopes", state_code="AM", region_code="AM-ER",
                           language="en", management_organisation_id=published[0].id,
                           status="published"))
    user = make_user("contact_point:AM")
    db.session.commit()

    with app.test_request_context(headers={"Accept-Language": "en"}):
        lines = role_figures.profiles(["AM"])
    assert [(line.title, line.counts) for line in lines] == [
        ("Organisations of Armenia", {"published": 3, "pending": 1, "returned": 1}),
        ("Clusters of Armenia", {"published": 1})]

    page = section(signed_in(app, user).get("/dashboard").get_data(as_text=True),
                   "profiles-heading")
    assert chart_named(page, "chart-profiles")
    assert "Organisations of Armenia, Published: 3" in page
    assert "Organisations of Armenia, Waiting for moderation: 1" in page
    assert "Clusters of Armenia, Published: 1" in page
    table = page[page.index("<table>"):page.index("</table>")]
    assert re.findall(r'<th scope="col">([^<]+)</th>', table) == [
        "Profiles", "Waiting for moderation", "Published", "Returned for changes", "Total"]
    assert cells(table) == [["Organisations of Armenia", "1", "3", "1", "5"],
                            ["Clusters of Armenia", "0", "1", "0", "1"]]


def test_a_co_funder_sees_each_envelope_committed_and_remaining_per_call(app, session):
    agency = make_organisation("KZ", "KZ-35", status="published")
    older, newer = make_call(title="Pharma 2025", budget=None), make_call(title="Agro 2026",
                                                                          budget=None)
    make_envelope(older, "KZ", agency, amount="9000000", currency="KZT")
    make_envelope(newer, "KZ", agency, amount="4000000", currency="KZT")
    proposal = make_approved_proposal(call=older)
    decision = db.session.scalar(select(Decision).where(Decision.proposal_id == proposal.id))
    # Set-up: the commitment the council would have recorded with the decision.
    decision.commitments = [{"state": "KZ", "amount": "2500000.00", "currency": "KZT",
                             "co_funder_organisation_id": agency.id}]
    user = make_user(f"co_funder:{agency.id}")
    db.session.commit()

    rows = role_figures.envelopes([agency.id])
    assert [(row.title, row.amount, row.committed, row.remaining) for row in rows] == [
        ("Agro 2026", Decimal("4000000"), Decimal(0), Decimal("4000000")),
        ("Pharma 2025", Decimal("9000000"), Decimal("2500000.00"), Decimal("6500000.00"))]

    page = section(signed_in(app, user).get("/dashboard").get_data(as_text=True),
                   "envelopes-heading")
    assert chart_named(page, "chart-envelopes-kzt")
    assert "Pharma 2025, Committed: 2,500,000" in page
    assert "Pharma 2025, Remaining: 6,500,000" in page
    assert "Agro 2026, Remaining: 4,000,000" in page and "Agro 2026, Committed" not in page
    [table] = assert_reflows(page)
    assert table.headings == ["Call", "Member state", "Envelope", "Committed", "Remaining"]
    assert cells(page[page.index('<table class="reflow"'):]) == [
        ["Agro 2026", "Kazakhstan", "KZT4,000,000", "KZT0", "KZT4,000,000"],
        ["Pharma 2025", "Kazakhstan", "KZT9,000,000", "KZT2,500,000", "KZT6,500,000"]]


def test_an_expert_sees_the_assignments_per_status(app, session):
    expert = make_user("expert")
    due = utcnow() + timedelta(days=20)
    for status in ("submitted", "submitted", "accepted", "declined"):
        db.session.add(Assignment(proposal_id=make_proposal().id, expert_id=expert.id,
                                  status=status, due_at=due))
    other = make_user("expert")
    db.session.add(Assignment(proposal_id=make_proposal().id, expert_id=other.id, due_at=due))
    db.session.commit()

    assert role_figures.assignments(expert.id) == [("accepted", 1), ("declined", 1),
                                                    ("submitted", 2)]
    page = section(signed_in(app, expert).get("/dashboard").get_data(as_text=True),
                   "assignments-heading")
    assert chart_named(page, "chart-assignments")
    assert "<title>Review submitted: 2</title>" in page
    assert "<title>Accepted: review in progress: 1</title>" in page
    assert "Invited" not in page
    table = page[page.index('<table id="my-assignments">'):]
    assert cells(table) == [["Accepted: review in progress", "1"], ["Declined", "1"],
                            ["Review submitted", "2"], ["Total", "4"]]


def test_other_people_see_none_of_these_charts(app, session):
    user = make_user()
    db.session.commit()
    page = signed_in(app, user).get("/dashboard").get_data(as_text=True)
    for chart in ("chart-profiles", "chart-envelopes", "chart-assignments"):
        assert chart not in page


def test_an_expert_without_assignments_reads_so_and_no_chart(app, session):
    expert = make_user("expert")
    db.session.commit()
    page = section(signed_in(app, expert).get("/dashboard").get_data(as_text=True),
                   "assignments-heading")
    assert "No proposal has been assigned to you yet." in page and "<svg" not in page
