"""A bad ad tells each problem once, in the summary linked to its field and under the field."""

import pytest

from portal.extensions import db
from tests.form_pages import assert_problems_told_once
from tests.pages import signed_in


@pytest.mark.parametrize(("language", "title", "body"), [
    ("en", "Title — ", "Text — "), ("ru", "Заголовок — ", "Текст — ")])
def test_an_ad_without_title_and_text_is_told_once_with_links_to_both(
        app, parties, language, title, body):
    parties.owner.language = language
    db.session.commit()
    owner = signed_in(app, parties.owner, language)
    response = owner.post("/ads/new", data={"organisation_id": parties.owner_org.id,
                                            "kind": "business_request", "title": "",
                                            "body": "", "language": "en"})
    assert response.status_code == 422
    assert_problems_told_once(response.get_data(as_text=True), {"title": title, "body": body})
