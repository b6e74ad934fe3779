"""The pickers' JSON (``/pick/organisations``, ``/pick/clusters``): names in any language, the
bounds of the search text, what each reader may find, and sign-in."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.factories import make_organisation, make_user
from tests.pages import signed_in


@pytest.fixture
def named(session):
    return {
        "ru": make_organisation(name="ООО «Протвафарм»", language="ru", status="published"),
        "en": make_organisation("KZ", "KZ-10", name="Almaty Pharma Devices", status="published"),
        "pending": make_organisation(name="Протвафарм-Сервис", language="ru"),
        "kz_pending": make_organisation("KZ", "KZ-10", name="Almaty Pharma Pending"),
    }


def _names(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["name"] for item in response.get_json()["items"]]


def test_an_organisation_is_found_by_part_of_its_russian_or_english_name(app, named):
    user = make_user()
    db.session.commit()
    client = signed_in(app, user)
    assert _names(client.get("/pick/organisations", query_string={"q": "Протва"})) == [
        "ООО «Протвафарм»"]
    answer = client.get("/pick/organisations", query_string={"q": "pharma dev"})
    assert _names(answer) == ["Almaty Pharma Devices"]
    item = answer.get_json()["items"][0]
    assert (item["id"], item["state"], item["kind_name"]) == (named["en"].id, "KZ", "Enterprise")
    assert answer.get_json()["summary"] == "1 organisation found."


@pytest.mark.parametrize("text", ["", " ", "a", "x" * 101])
def test_a_search_text_shorter_than_two_or_longer_than_a_hundred_characters_is_refused(
        app, named, text):
    db.session.commit()
    client = signed_in(app, make_user())
    answer = client.get("/pick/organisations", query_string={"q": text})
    assert answer.status_code == 400 and answer.get_json()["error"]


def test_an_organisation_not_yet_published_is_found_only_by_those_who_may_see_it(app, named):
    plain, contact_point, secretariat = (make_user(), make_user("contact_point:KZ", with_totp=True),
                                         make_user("secretariat", with_totp=True))
    db.session.commit()
    query = {"q": "Almaty Pharma"}
    assert _names(signed_in(app, plain).get("/pick/organisations", query_string=query)) == [
        "Almaty Pharma Devices"]
    assert _names(signed_in(app, contact_point).get("/pick/organisations", query_string=query)) \
        == ["Almaty Pharma Devices", "Almaty Pharma Pending"]
    found = _names(signed_in(app, secretariat).get("/pick/organisations",
                                                   query_string={"q": "Протвафарм"}))
    assert found == ["ООО «Протвафарм»", "Протвафарм-Сервис"]


def test_no_more_than_twenty_organisations_are_given_and_the_answer_says_there_are_more(
        app, session):
    for number in range(25):
        make_organisation(name=f"Numerous Works {number:02d}", status="published")
    db.session.commit()
    answer = signed_in(app, make_user()).get("/pick/organisations", query_string={"q": "numerous"})
    assert len(_names(answer)) == 20 and answer.get_json()["more"] is True


def test_the_pickers_answer_only_those_signed_in(client, named):
    db.session.commit()
    for kind in ("organisations", "clusters"):
        answer = client.get(f"/pick/{kind}", query_string={"q": "Almaty"})
        assert answer.status_code == 401
        assert "Almaty" not in answer.get_data(as_text=True)


@pytest.mark.parametrize("typed, name", [
    ("протвафарм", "ООО «Протвафарм»"),
    ("ооо «протва", "ООО «Протвафарм»"),
    ("ӘЛЕМ", "Әлем Технолоджис"),
    ("հայ", "ՀԱՅ Ինժեներինգ"),
    ("ПРОТВАФАРМ", "ООО «Протвафарм»"),
])
def test_a_name_is_found_whatever_the_case_of_its_letters_in_any_script(app, named, typed, name):
    make_organisation("KZ", "KZ-10", name="Әлем Технолоджис", language="kk", status="published")
    make_organisation("AM", "AM-ER", name="ՀԱՅ Ինժեներինգ", language="hy", status="published")
    db.session.commit()
    client = signed_in(app, make_user())
    assert _names(client.get("/pick/organisations", query_string={"q": typed})) == [name]


def test_a_percent_sign_or_an_underscore_in_the_text_is_a_plain_character(app, named):
    make_organisation(name="Рост_100%", language="ru", status="published")
    db.session.commit()
    client = signed_in(app, make_user())
    assert _names(client.get("/pick/organisations", query_string={"q": "т_100%"})) == ["Рост_100%"]
    assert _names(client.get("/pick/organisations", query_string={"q": "о%"})) == []
