"""The Atom 1.0 feed of what the council funds (``/projects/feed.atom``): its adopted decisions
(in force or not yet) and the projects started and completed, the newest :data:`FEED_ENTRIES`.

The XML is written with :mod:`xml.etree.ElementTree`, which escapes every text and attribute,
so a title holding ``<`` or ``&`` cannot break the feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.council.models import Decision
from portal.council.tally import Outcome
from portal.extensions import db
from portal.projects.models import Project

FEED_ENTRIES = 50
ATOM = "http://www.w3.org/2005/Atom"
#: The feed's ``updated`` when it has no entry yet.
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    summary: str
    url: str
    updated: datetime


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _decision_entries() -> list[Entry]:
    query = (select(Decision).where(Decision.outcome == Outcome.ADOPTED)
             .order_by(Decision.decided_at.desc(), Decision.id.desc()).limit(FEED_ENTRIES))
    entries = []
    for decision in db.session.scalars(query):
        url = url_for("council.decision", decision_id=decision.id, _external=True)
        entries.append(Entry(
            url, _("Decision %(number)s: %(acronym)s is funded", number=decision.number,
                   acronym=decision.proposal.acronym),
            decision.proposal.title, url, decision.decided_at))
    return entries


def _project_entries() -> list[Entry]:
    started = (select(Project).order_by(Project.created_at.desc(), Project.id.desc())
               .limit(FEED_ENTRIES))
    completed = (select(Project).where(Project.completed_at.is_not(None))
                 .order_by(Project.completed_at.desc(), Project.id.desc()).limit(FEED_ENTRIES))
    entries = []
    for project in db.session.scalars(started):
        url = url_for("projects.project", project_id=project.id, _external=True)
        entries.append(Entry(
            f"{url}#started", _("%(acronym)s has started", acronym=project.proposal.acronym),
            project.proposal.title, url, project.created_at))
    for project in db.session.scalars(completed):
        url = url_for("projects.project", project_id=project.id, _external=True)
        entries.append(Entry(
            f"{url}#completed", _("%(acronym)s is completed", acronym=project.proposal.acronym),
            project.proposal.title, url, project.completed_at))
    return entries


def feed_entries() -> list[Entry]:
    """The newest :data:`FEED_ENTRIES` entries, newest first."""
    entries = _decision_entries() + _project_entries()
    return sorted(entries, key=lambda entry: entry.updated, reverse=True)[:FEED_ENTRIES]


def _text(parent: ET.Element, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def atom_feed(entries: list[Entry]) -> bytes:
    """The Atom document of ``entries``, UTF-8."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {
        "{http://www.w3.org/XML/1998/namespace}lang": str(get_locale() or "en")})
    home = url_for("projects.projects", _external=True)
    _text(feed, "id", home)
    _text(feed, "title", _("Funded projects and decisions of the council"))
    _text(feed, "updated", _stamp(max((e.updated for e in entries), default=_EPOCH)))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml",
                  href=url_for("projects.feed", _external=True))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=home)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", _("The council's secretariat"))
    for entry in entries:
        element = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "updated", _stamp(entry.updated))
        ET.SubElement(element, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=entry.url)
        _text(element, "summary", entry.summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
