"""Fictional names for the demo's people: a few given names and surnames of each member state,
in Cyrillic and in Latin letters, so that a mail opens "Здравствуйте, Марина Соколова!" and a
page lists a person, not "organisation: role".

A person is the ``number``-th of their state: with seven given names and eight surnames (whose
counts share no factor), the first 56 numbers of a state give 56 different names, and the same
number always gives the same name.
"""

from __future__ import annotations

from typing import NamedTuple


class Given(NamedTuple):
    cyrillic: str
    latin: str
    female: bool


class Surname(NamedTuple):
    """A surname's masculine and feminine forms (the same where the language has one form)."""

    cyrillic: str
    latin: str
    cyrillic_female: str = ""
    latin_female: str = ""


def _both(cyrillic: str, latin: str) -> Surname:
    """A surname ending in -ов or -ин, whose feminine form adds -а."""
    return Surname(cyrillic, latin, cyrillic + "а", latin + "a")


GIVEN: dict[str, tuple[Given, ...]] = {
    "RU": (Given("Алексей", "Aleksei", False), Given("Марина", "Marina", True),
           Given("Дмитрий", "Dmitry", False), Given("Екатерина", "Ekaterina", True),
           Given("Сергей", "Sergei", False), Given("Наталья", "Natalya", True),
           Given("Игорь", "Igor", False)),
    "BY": (Given("Андрей", "Andrei", False), Given("Татьяна", "Tatsiana", True),
           Given("Виктор", "Viktar", False), Given("Ирина", "Iryna", True),
           Given("Павел", "Paval", False), Given("Светлана", "Sviatlana", True),
           Given("Максим", "Maksim", False)),
    "KZ": (Given("Ерлан", "Yerlan", False), Given("Айгерим", "Aigerim", True),
           Given("Нурлан", "Nurlan", False), Given("Динара", "Dinara", True),
           Given("Асхат", "Askhat", False), Given("Жанна", "Zhanna", True),
           Given("Бауыржан", "Bauyrzhan", False)),
    "KG": (Given("Азамат", "Azamat", False), Given("Нургуль", "Nurgul", True),
           Given("Бакыт", "Bakyt", False), Given("Чолпон", "Cholpon", True),
           Given("Эрмек", "Ermek", False), Given("Айжан", "Aizhan", True),
           Given("Талант", "Talant", False)),
    "AM": (Given("Арам", "Aram", False), Given("Лилит", "Lilit", True),
           Given("Давид", "Davit", False), Given("Ануш", "Anush", True),
           Given("Тигран", "Tigran", False), Given("Нарине", "Narine", True),
           Given("Гор", "Gor", False)),
}

SURNAMES: dict[str, tuple[Surname, ...]] = {
    "RU": (_both("Соколов", "Sokolov"), _both("Морозов", "Morozov"), _both("Волков", "Volkov"),
           _both("Павлов", "Pavlov"), _both("Зайцев", "Zaitsev"), _both("Николаев", "Nikolaev"),
           _both("Фёдоров", "Fyodorov"), _both("Белов", "Belov")),
    "BY": (Surname("Ковальчук", "Kovalchuk"), Surname("Жук", "Zhuk"), Surname("Новик", "Novik"),
           Surname("Климович", "Klimovich"), Surname("Карпович", "Karpovich"),
           _both("Мельников", "Melnikov"),
           Surname("Савицкий", "Savitsky", "Савицкая", "Savitskaya"),
           Surname("Левкович", "Levkovich")),
    "KZ": (_both("Ахметов", "Akhmetov"), _both("Жумабаев", "Zhumabayev"),
           _both("Искаков", "Iskakov"), _both("Сулейменов", "Suleimenov"),
           _both("Касымов", "Kasymov"), _both("Омаров", "Omarov"),
           _both("Тулегенов", "Tulegenov"), _both("Абенов", "Abenov")),
    "KG": (_both("Токтогулов", "Toktogulov"), _both("Мамбетов", "Mambetov"),
           _both("Асанов", "Asanov"), _both("Бекташев", "Bektashev"),
           _both("Жумалиев", "Zhumaliev"), _both("Садыков", "Sadykov"),
           _both("Исаков", "Isakov"), _both("Турдубаев", "Turdubaev")),
    "AM": (Surname("Акопян", "Hakobyan"), Surname("Саргсян", "Sargsyan"),
           Surname("Григорян", "Grigoryan"), Surname("Аветисян", "Avetisyan"),
           Surname("Мартиросян", "Martirosyan"), Surname("Казарян", "Ghazaryan"),
           Surname("Оганесян", "Hovhannisyan"), Surname("Манукян", "Manukyan")),
}


def person_name(state: str, number: int, language: str = "ru") -> str:
    """The ``number``-th demo person of ``state``, in Latin letters for an English-speaking
    person and in Cyrillic otherwise."""
    given_names, surnames = GIVEN[state], SURNAMES[state]
    given = given_names[number % len(given_names)]
    surname = surnames[number % len(surnames)]
    latin = language == "en"
    first = given.latin if latin else given.cyrillic
    if given.female:
        last = (surname.latin_female or surname.latin) if latin else (
            surname.cyrillic_female or surname.cyrillic)
    else:
        last = surname.latin if latin else surname.cyrillic
    return f"{first} {last}"
