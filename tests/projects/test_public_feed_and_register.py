"""The Atom feed of adopted decisions and of projects started and completed, and the links
between a decision in the register and the project it funded, both ways."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from portal.core.db import utcnow
from portal.extensions import db
from portal.projects.models import Project
from tests.factories import make_approved_proposal, make_project

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314  (the portal's own feed, as a reader parses it)


def test_the_feed_is_atom_with_decisions_and_projects(client, session):
    project = make_project()
    project_id, decision_id = project.id, project.decision_id
    finished = make_project()
    finished.completed_at = utcnow()
    session.commit()

    answer = client.get("/projects/feed.atom")

    assert answer.status_code == 200
    assert answer.mimetype == "application/atom+xml"
    feed = parse(answer.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert any(i.endswith(f"/decisions/{decision_id}") for i in ids)
    assert any(i.endswith(f"/projects/{project_id}#started") for i in ids)
    assert any(i.endswith(f"/projects/{finished.id}#completed") for i in ids)
    assert len(ids) == len(set(ids)) == 5  # two decisions, two starts, one completion
    for entry in entries:
        assert entry.findtext(f"{ATOM}updated").endswith("Z")
        assert entry.find(f"{ATOM}link").get("href").startswith("http")


def test_the_feed_escapes_titles(client, session):
    make_project(make_approved_proposal(title="Salts & <acids>", acronym="A&B<"))
    session.commit()

    feed = parse(client.get("/projects/feed.atom").data)

    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    summaries = {entry.findtext(f"{ATOM}summary") for entry in feed.findall(f"{ATOM}entry")}
    assert "A&B< has started" in titles
    assert "Salts & <acids>" in summaries


def test_an_empty_feed_is_still_valid_atom(client, session):
    feed = parse(client.get("/projects/feed.atom").data)
    assert feed.findall(f"{ATOM}entry") == [] and feed.findtext(f"{ATOM}updated")


def test_the_decision_links_to_the_project_it_funded_and_back(client, session):
    project = make_project()
    decision_id = project.decision_id
    session.commit()

    decision_page = client.get(f"/decisions/{decision_id}").get_data(as_text=True)
    register = client.get("/decisions").get_data(as_text=True)
    project_page = client.get(f"/projects/{project.id}").get_data(as_text=True)

    assert f'href="/projects/{project.id}"' in decision_page
    assert "RUB" in decision_page or "₽" in decision_page
    assert db.session.get(Project, project.id).grants[0].organisation.name in decision_page
    assert f'href="/projects/{project.id}"' in register
    assert f'href="/decisions/{decision_id}"' in project_page


def test_a_decision_without_a_project_has_no_project_link(client, session):
    proposal = make_approved_proposal()
    session.commit()

    register = client.get("/decisions").get_data(as_text=True)

    assert proposal.acronym in register and 'href="/projects/' not in register
