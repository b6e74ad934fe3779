"""``portal import organisations FILE [--publish] [--update]``: all or nothing, with a summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.core import audit
from portal.core.audit import AuditEntry
from portal.registry.models import Organisation, ProfileStatus

DEV_SET = Path(__file__).parent.parent / "data" / "matching-dev" / "organisations.jsonl"


def run_import(runner, path, *options):
    return runner.invoke(args=["import", "organisations", str(path), "--language", "en", *options])


def count(session, *where) -> int:
    return session.scalar(select(func.count()).select_from(Organisation).where(*where))


@pytest.fixture
def small_file(tmp_path):
    rows = [json.loads(text) for text in DEV_SET.read_text().splitlines()[:3]]
    path = tmp_path / "three.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    return path


def test_the_development_set_imports_171_pending_organisations_with_their_refs(runner, session):
    result = run_import(runner, DEV_SET)

    assert result.exit_code == 0, result.output
    assert "Created 171, updated 0, published 0 organisations" in result.output
    assert count(session) == 171
    assert count(session, Organisation.status == ProfileStatus.PENDING) == 171
    organisation = session.scalar(select(Organisation).where(Organisation.external_ref == "dev-001"))
    assert (organisation.name, organisation.state_code, organisation.region_code) == (
        "Yerevan Oncology Centre", "AM", "AM-ER")
    assert {field.key for field in organisation.technology_fields} == {
        "pharmaceuticals_biotech_medical", "nuclear_radiation"}
    assert organisation.needs == [
        "Know-how and staff training to set up on-site production of PET tracers with our own cyclotron"]


def test_publish_publishes_every_imported_organisation_and_audits_it(runner, session):
    result = run_import(runner, DEV_SET, "--publish")

    assert result.exit_code == 0, result.output
    assert "published 171 organisations" in result.output
    assert count(session, Organisation.status == ProfileStatus.PUBLISHED) == 171
    actions = dict(session.execute(select(AuditEntry.action, func.count())
                                   .where(AuditEntry.actor == "cli")
                                   .group_by(AuditEntry.action)).all())
    assert actions == {"organisation.create": 171, "organisation.publish": 171}
    assert audit.verify()[1] is None


def test_a_bad_file_writes_nothing_and_lists_every_bad_line(runner, session, tmp_path):
    lines = DEV_SET.read_text().splitlines()[:5]
    lines[1] = lines[1].replace('"kind": "enterprise"', '"kind": "bank"')
    lines[3] = "{not json"
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n")

    result = run_import(runner, path)

    assert result.exit_code == 1
    assert f"{path}:2: Unknown kind of organisation: bank" in result.output
    assert f"{path}:4: The line is not valid JSON" in result.output
    assert "2 lines have problems; nothing was imported." in result.output
    assert count(session) == 0


def test_importing_twice_refuses_the_known_references_clearly(runner, session, small_file):
    assert run_import(runner, small_file).exit_code == 0

    again = run_import(runner, small_file)

    assert again.exit_code == 1
    assert (f"{small_file}:1: An organisation with the reference dev-001 already exists; import "
            "with the update option to replace its profile.") in again.output
    assert "3 lines have problems; nothing was imported." in again.output
    assert count(session) == 3


def test_update_replaces_the_profile_of_known_references(runner, session, small_file):
    assert run_import(runner, small_file).exit_code == 0
    rows = [json.loads(text) for text in small_file.read_text().splitlines()]
    rows[0]["name"] = "Yerevan Oncology Centre (renamed)"
    rows[0]["technology_fields"] = ["energy"]
    small_file.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))

    result = run_import(runner, small_file, "--update", "--publish")

    assert result.exit_code == 0, result.output
    assert "Created 0, updated 3, published 3 organisations" in result.output
    organisation = session.scalar(select(Organisation).where(Organisation.external_ref == "dev-001"))
    session.refresh(organisation)
    assert organisation.name == "Yerevan Oncology Centre (renamed)"
    assert [field.key for field in organisation.technology_fields] == ["energy"]
    assert organisation.status == ProfileStatus.PUBLISHED
    assert count(session) == 3


def test_problems_are_reported_in_the_language_asked_for(runner, session, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("[]\n")

    result = runner.invoke(args=["import", "organisations", str(path), "--language", "ru"])

    assert result.exit_code == 1
    assert f"{path}:1: " in result.output
