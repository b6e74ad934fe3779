"""While the matcher's slower encoder catches up with fast vectors, the secretariat and the
administrators read on their dashboard how many texts it has refined; nobody else does."""

from __future__ import annotations

from sqlalchemy import insert

from portal.extensions import db
from portal.matching import fast
from portal.matching.models import OrganisationVector
from tests.factories import make_organisation, make_user
from tests.pages import signed_in


def _store(organisation_id: int, model: str, positions: range) -> None:
    db.session.execute(insert(OrganisationVector), [
        {"organisation_id": organisation_id, "kind": "offer", "position": position,
         "text_hash": "0" * 64, "vector": b"\0\0\0\0", "model": model} for position in positions])


def _section(app, user) -> str:
    page = signed_in(app, user).get("/dashboard").get_data(as_text=True)
    assert 'id="roles-heading"' in page  # the dashboard itself was shown
    start = page.find('id="refinement-heading"')
    return page[start:page.find("</section>", start)] if start >= 0 else ""


def test_the_secretariat_and_administrators_see_how_many_texts_are_refined(app, session, layout):
    organisation = make_organisation()
    _store(organisation.id, layout.model, range(2))
    _store(organisation.id, fast.FAST_MODEL, range(2, 1_252))
    secretariat = make_user("secretariat", with_totp=True)
    admin = make_user("admin", with_totp=True)
    member = make_user(f"org_member:{organisation.id}")
    db.session.commit()
    expected = ("Matching: 2 of 1,252 texts refined by the slower encoder; the rest are matched "
                "with the fast encoder.")
    assert expected in _section(app, secretariat)
    assert expected in _section(app, admin)
    assert _section(app, member) == ""


def test_nothing_is_said_once_every_text_is_refined(app, session, layout):
    organisation = make_organisation()
    _store(organisation.id, layout.model, range(3))
    secretariat = make_user("secretariat", with_totp=True)
    db.session.commit()
    assert _section(app, secretariat) == ""
