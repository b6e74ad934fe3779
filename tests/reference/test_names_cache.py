"""Reference names come from memory: read once per process, read again when the tables are
reloaded, and given in the reader's language."""

from __future__ import annotations

import pytest
from sqlalchemy import event, update

from portal.extensions import db
from portal.reference import queries
from portal.reference.loader import sync_reference_data
from portal.reference.models import MemberState
from tests.perf import builders


def _statements(action) -> int:
    sent: list[str] = []

    def record(*args):
        sent.append(args[2])
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(sent)


def test_names_are_read_once_then_come_from_memory(app, session):
    queries.forget_reference_names()
    assert _statements(lambda: queries.state_name("KZ", "en")) > 0
    assert _statements(lambda: [queries.region_name("KZ-75", "ru"), queries.state_name("BY"),
                                queries.technology_field_name("it_electronics"),
                                queries.nace_name("21.20"), queries.border_pairs()]) == 0


def test_names_are_given_in_the_language_asked_for_or_russian_the_working_language(app, session):
    assert queries.state_name("KZ", "ru") == "Казахстан"
    assert queries.state_name("KZ", "en") == "Kazakhstan"
    assert queries.region_name("RU-SMO", "ky") == queries.region_name("RU-SMO", "ru")
    assert queries.region_name("RU-SMO", "en") == "Smolensk Oblast"
    assert queries.state_name("XX", "en") == "XX"
    assert ("RU-SMO", "BY-VI") in queries.border_pairs() or (
        "BY-VI", "RU-SMO") in queries.border_pairs()


def test_reloading_the_tables_forgets_the_names_read(app, session):
    queries.state_name("KZ", "en")
    session.execute(update(MemberState).where(MemberState.code == "KZ")
                    .values(names={"en": "Renamed", "ru": "Переименован"}))
    assert queries.state_name("KZ", "en") == "Kazakhstan"  # from memory until reloaded
    queries.forget_reference_names()
    assert queries.state_name("KZ", "en") == "Renamed"
    sync_reference_data()  # puts the file's names back, and forgets the renamed ones
    assert queries.state_name("KZ", "en") == "Kazakhstan"


def test_a_page_names_states_and_regions_in_the_readers_language(client, session):
    cluster = builders.cluster(state_code="KZ", region_code="KZ-75")
    session.commit()
    russian = client.get(f"/clusters/{cluster.id}", headers={"Accept-Language": "ru"})
    english = client.get(f"/clusters/{cluster.id}", headers={"Accept-Language": "en"})
    assert "Казахстан" in russian.get_data(as_text=True)
    assert "Kazakhstan" in english.get_data(as_text=True)
    assert "Казахстан" not in english.get_data(as_text=True)


@pytest.mark.parametrize(("language", "state"), [("hy", "AM"), ("be", "BY"), ("kk", "KZ"),
                                                 ("ky", "KG")])
def test_each_states_regions_fields_and_sections_are_named_in_its_language(app, session,
                                                                           language, state):
    own = [code for code in queries.reference_names().regions if code.startswith(f"{state}-")]
    assert own and all(queries.region_name(code, language) != queries.region_name(code, "ru")
                       for code in own)
    fields = queries.reference_names().technology_fields
    assert all(queries.technology_field_name(key, language)
               != queries.technology_field_name(key, "en") for key in fields)
    sections = [code for code in queries.reference_names().nace if len(code) == 1]
    assert len(sections) == 21
    assert all(queries.nace_name(code, language) != queries.nace_name(code, "ru")
               for code in sections)
    assert queries.region_name("RU-SMO", language) == queries.region_name("RU-SMO", "ru")
