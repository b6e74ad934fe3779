"""The lead organisation of the proposal editor without a script: type part of a name, press
Find, get the form back with everything typed and the matches to choose from, choose, save."""

from __future__ import annotations

from portal.extensions import db
from portal.proposals.models import Proposal
from tests.form_pages import read
from tests.pages import signed_in
from tests.proposals.test_pages import editor_form


def test_the_lead_is_found_by_name_chosen_and_saved_without_a_script(app, consortium):
    db.session.commit()
    client = signed_in(app, consortium.manager)
    url = f"/calls/{consortium.call.id}/proposals/new"
    typed = editor_form(consortium, **{"lead_organisation_id-q": "smolensk",
                                       "pick": "lead_organisation_id"})
    del typed["lead_organisation_id"]
    found = client.post(url, data=typed)
    page = found.get_data(as_text=True)
    assert found.status_code == 200
    assert f'name="lead_organisation_id" id="lead_organisation_id-{consortium.ru.id}"' in page
    assert "Smolensk Medical" in page and "1 organisation found." in page
    assert 'value="Page proposal"' in page and 'value="smolensk"' in page
    assert not db.session.query(Proposal).count()

    chosen = {key: value for key, value in typed.items() if key != "pick"}
    saved = client.post(url, data={**chosen, "lead_organisation_id": str(consortium.ru.id)})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert db.session.query(Proposal).one().lead_organisation_id == consortium.ru.id


def test_a_search_of_one_character_says_so_and_saves_nothing(app, consortium):
    db.session.commit()
    client = signed_in(app, consortium.manager)
    answer = client.post(f"/calls/{consortium.call.id}/proposals/new", data=editor_form(
        consortium, **{"lead_organisation_id-q": "s", "pick": "lead_organisation_id"}))
    assert answer.status_code == 200
    assert "Give at least 2 characters of the name." in answer.get_data(as_text=True)
    assert not db.session.query(Proposal).count()


def test_a_proposal_without_a_lead_is_refused_on_the_lead_field(app, consortium):
    db.session.commit()
    client = signed_in(app, consortium.manager)
    form = editor_form(consortium)
    del form["lead_organisation_id"]
    answer = client.post(f"/calls/{consortium.call.id}/proposals/new", data=form)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert 'id="lead_organisation_id-error"' in html
    page = read(html)
    targets = [target for target, _text in page.links]
    assert "lead_organisation_id-q" in targets  # the summary's link focuses the picker's text box
    assert all(target in page.elements for target in targets), targets
