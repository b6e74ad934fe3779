"""Organisation profiles are bounded where they enter: the API, the pages and the import refuse
an over-long or over-full value with its field (or line), in the reader's language, and write
nothing."""

import pytest
from sqlalchemy import func, select

from portal.core import limits
from portal.extensions import db
from portal.registry.importing import parse_lines
from portal.registry.models import Organisation
from tests.factories import PASSWORD, make_user
from tests.registry.conftest import bearer
from tests.registry.test_api import NEW_ORGANISATION
from tests.registry.test_importing import REFERENCE, line
from tests.registry.test_registry_pages import NEW_ORGANISATION as PAGE_FORM

FIVE_MEGABYTES = "x" * (5 * 1024 * 1024)
LONG_NAME = "N" * (limits.NAME_MAX + 1)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation))


def _post(client, user, json):
    headers = bearer(user)
    db.session.commit()
    return client.post("/api/v1/organisations", json=json, headers=headers)


def _patch(client, people, json, language="en"):
    headers = bearer(people["admin_en"]) | {"Accept-Language": language}
    db.session.commit()
    return client.patch(f"/api/v1/organisations/{people['organisation'].id}",
                        json={"version": 1, **json}, headers=headers)


def _fields(response) -> dict:
    assert response.status_code == 422, response.get_json()
    return response.get_json()["error"]["fields"]


@pytest.mark.parametrize(("field", "value"), [
    ("description", FIVE_MEGABYTES),
    ("name", LONG_NAME),
    ("offers", ["An offer"] * (limits.STATEMENTS_MAX + 1)),
    ("needs", ["x" * (limits.STATEMENT_MAX + 1)]),
    ("technology_fields", ["agro_food"] * (limits.CODES_MAX + 1)),
    ("external_ref", "r" * (limits.LABEL_MAX + 1)),
])
def test_creating_an_organisation_refuses_an_oversized_value_by_its_field(client, people, field,
                                                                          value):
    before = _count()
    response = _post(client, people["nobody"], {**NEW_ORGANISATION, field: value})
    assert list(_fields(response)) == [field]
    assert _count() == before


@pytest.mark.parametrize(("field", "value"), [
    ("description", FIVE_MEGABYTES),
    ("name", LONG_NAME),
    ("offers", ["An offer"] * (limits.STATEMENTS_MAX + 1)),
    ("nace_codes", ["21.20"] * (limits.CODES_MAX + 1)),
])
def test_patching_an_organisation_refuses_an_oversized_value_and_keeps_the_profile(
        client, people, field, value):
    response = _patch(client, people, {field: value})
    assert list(_fields(response)) == [field]
    organisation = people["organisation"]
    db.session.refresh(organisation)
    assert (organisation.version, organisation.name) == (1, "Karaganda Tablets LLP")


def test_a_name_of_the_longest_allowed_length_is_saved(client, people):
    response = _post(client, people["nobody"],
                     {**NEW_ORGANISATION, "name": "N" * limits.NAME_MAX})
    assert response.status_code == 201, response.get_json()


def test_the_limit_is_told_in_the_callers_language(client, people):
    response = _patch(client, people, {"name": LONG_NAME}, language="ru")
    assert _fields(response)["name"] == [f"Не более {limits.NAME_MAX} символов."]
    response = _patch(client, people, {"offers": ["x"] * (limits.STATEMENTS_MAX + 1)})
    assert _fields(response)["offers"] == [f"At most {limits.STATEMENTS_MAX} items."]


def _sign_in(client):
    user = make_user()
    db.session.commit()
    assert client.post("/sign-in", data={"email": user.email,
                                         "password": PASSWORD}).status_code == 302
    return user





@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", LONG_NAME, f"At most {limits.NAME_MAX} characters."),
    ("description", "d" * (limits.DESCRIPTION_MAX + 1),
     f"At most {limits.DESCRIPTION_MAX} characters."),
    ("offers", "\n".join(["An offer"] * (limits.STATEMENTS_MAX + 1)),
     f"At most {limits.STATEMENTS_MAX} items."),
])
def test_the_registration_page_refuses_an_oversized_value_under_its_field(client, session, field,
                                                                         value, message):
    _sign_in(client)
    response = client.post("/organisations/new", data={**PAGE_FORM, field: value})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html, html[html.index("<main"):html.index("</main>")]
    assert _count() == 0


def test_the_import_refuses_an_over_long_line_with_its_line_number():
    lines = [line(ref="ok-1"),
             line(ref="long-2", name=LONG_NAME),
             line(ref="long-3", description=FIVE_MEGABYTES),
             line(ref="many-4", offers=["An offer"] * (limits.STATEMENTS_MAX + 1)),
             line(ref="long-5", needs=["x" * (limits.STATEMENT_MAX + 1)])]
    result = parse_lines(lines, REFERENCE)
    assert [(problem.line, problem.code, problem.params["field"])
            for problem in result.problems] == [
        (2, "too_long", "name"), (3, "too_long", "description"), (4, "too_many", "offers"),
        (5, "item_too_long", "needs")]
    assert [record.line for record in result.records] == [1]


def test_the_import_refuses_a_line_nested_too_deeply_with_its_line_number():
    result = parse_lines([line(ref="ok-1"), "[" * 100_000 + "]" * 100_000], REFERENCE)
    assert [(problem.line, problem.code) for problem in result.problems] == [(2, "too_deep")]
