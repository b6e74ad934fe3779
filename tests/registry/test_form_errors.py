"""A bad registration of an organisation tells each problem once, in the summary linked to its
field and under the field, in Russian and English."""

import pytest

from tests.form_pages import assert_problems_told_once
from tests.registry.test_registry_pages import NEW_ORGANISATION, _sign_in


@pytest.mark.parametrize(("language", "region", "website"), [
    ("en", "Region — ", "Website — Give the full address"),
    ("ru", "Регион — ", "Веб-сайт — Укажите полный адрес")])
def test_values_the_registry_refuses_are_told_once_and_linked_to_their_fields(
        client, session, language, region, website):
    _sign_in(client, language=language)
    response = client.post("/organisations/new", data={
        **NEW_ORGANISATION, "region": "RU-KLU", "nace_codes": "99.99",
        "website": "agro.example.org"})
    assert response.status_code == 422
    page = assert_problems_told_once(response.get_data(as_text=True), {
        "region": region, "website": website, "nace_codes": ""})
    assert [target for target, _text in page.links] == ["region", "nace_codes", "website"]
