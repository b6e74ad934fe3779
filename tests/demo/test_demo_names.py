"""The demo's people have fictional person names, each different, the same on every load, and
the demo logins the README lists keep their e-mail addresses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.demo.loader import demo_people
from portal.demo.names import GIVEN, SURNAMES, person_name
from portal.demo.people import DOMAIN

README = Path(__file__).parents[2] / "README.md"
#: A name as "Марина Соколова" or "Dr. Anna Petrosyan": two words of letters, perhaps a title.
PERSON = re.compile(r"^(?:(?:Dr\.|Д-р) )?[^\W\d_][^\W\d_-]+ [^\W\d_][^\W\d_-]+$")
ROLE_WORDS = ("сотрудник", "администратор", "менеджер", "секретариат", "представитель",
              "эксперт", "staff", "manager", "administrator", "contact point", "council", "demo",
              "демо")


def test_every_demo_person_has_a_person_name_not_an_organisation_and_a_role():
    for person in demo_people():
        assert ":" not in person.name and "«" not in person.name, person
        assert PERSON.match(person.name), person
        assert not any(word in person.name.lower() for word in ROLE_WORDS), person


def test_no_two_demo_people_share_a_name():
    names = [person.name for person in demo_people()]
    assert len(set(names)) == len(names)


def test_the_names_are_the_same_on_every_load():
    assert [p.name for p in demo_people()] == [p.name for p in demo_people()]
    assert person_name("RU", 1) == "Марина Морозова"
    assert person_name("AM", 1, "en") == "Lilit Sargsyan"


def test_the_first_fifty_six_people_of_a_state_have_different_names():
    for state in GIVEN:
        assert len({person_name(state, number) for number in range(56)}) == 56, state


@pytest.mark.parametrize("state", sorted(GIVEN))
def test_a_womans_surname_takes_its_feminine_form(state):
    women = [number for number, given in enumerate(GIVEN[state]) if given.female]
    for number in women:
        surname = SURNAMES[state][number % len(SURNAMES[state])]
        expected = surname.cyrillic_female or surname.cyrillic
        assert person_name(state, number).endswith(" " + expected)


def test_english_speaking_people_are_named_in_latin_letters():
    for person in demo_people():
        if person.language == "en":
            assert person.name.isascii(), person
        else:
            assert not re.search("[A-Za-z]", person.name), person


def test_the_logins_the_readme_lists_keep_their_addresses():
    listed = set(re.findall(rf"\b([a-z0-9.-]+@{re.escape(DOMAIN)})", README.read_text()))
    assert listed and "member.semey@demo.portal" in listed
    assert listed <= {person.email for person in demo_people()}
