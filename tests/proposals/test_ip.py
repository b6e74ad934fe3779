"""The proposal's IP section (DESIGN 4.10): background IP of the partners, who owns the results
and the access rights, checked all at once, in the proposal's JSON, its page, its editor, its
snapshots and their comparison in words."""

from __future__ import annotations

import copy
import re

from flask_babel import force_locale

from portal.core import limits
from portal.extensions import db
from portal.proposals import services
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action
from tests.factories import make_user
from tests.pages import signed_in
from tests.proposals.conftest import confirm_and_endorse
from tests.proposals.test_comparison import content, words
from tests.proposals.test_pages import editor_form


def ip(consortium, **changes) -> dict:
    values = {"background": [
        {"organisation_id": consortium.ru.id, "title": "Sterile moulding patent",
         "kind": "patent", "terms": "Free of charge for the project."},
        {"organisation_id": consortium.by.id, "title": "Test protocols", "kind": "know_how",
         "terms": ""}],
        "results_ownership": "joint", "access_rights": "Royalty-free for the partners."}
    values.update(changes)
    return values


def created(api, consortium, **ip_changes):
    response = api(consortium.manager).post(
        "/api/v1/proposals", json=consortium.values(ip=ip(consortium, **ip_changes)))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_the_ip_section_round_trips_through_the_api_with_names_in_words(api, consortium):
    proposal = created(api, consortium)
    read = api(consortium.manager).get(f"/api/v1/proposals/{proposal['id']}").get_json()
    assert read["ip"] == {
        "background": [
            {"organisation_id": consortium.ru.id, "name": "Smolensk Medical",
             "title": "Sterile moulding patent", "kind": "patent",
             "kind_label": "Patent or patent application",
             "terms": "Free of charge for the project."},
            {"organisation_id": consortium.by.id, "name": "Vitebsk Sterile",
             "title": "Test protocols", "kind": "know_how", "kind_label": "Know-how",
             "terms": ""}],
        "results_ownership": "joint", "results_ownership_label": "Jointly by all partners",
        "access_rights": "Royalty-free for the partners."}


def test_a_proposal_without_an_ip_section_has_an_empty_one(api, consortium):
    response = api(consortium.manager).post("/api/v1/proposals", json=consortium.values())
    assert response.get_json()["ip"] == {"background": [], "results_ownership": None,
                                         "results_ownership_label": None, "access_rights": ""}


def test_every_problem_of_the_ip_section_is_listed_at_once_under_its_path(api, consortium):
    bad = {"background": [
        {"organisation_id": consortium.kz.id, "title": "", "kind": "recipe"},
        {"organisation_id": "one", "title": "x" * (limits.TITLE_MAX + 1), "kind": "data",
         "terms": "y" * (limits.LONG_TEXT_MAX + 1)},
        "not a row"],
        "results_ownership": "state", "access_rights": "z" * (limits.LONG_TEXT_MAX + 1)}
    response = api(consortium.manager).post("/api/v1/proposals",
                                            json=consortium.values(ip=bad))
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {
        "ip.background.0.organisation_id", "ip.background.0.title", "ip.background.0.kind",
        "ip.background.1.organisation_id", "ip.background.1.title", "ip.background.1.terms",
        "ip.background.2", "ip.results_ownership", "ip.access_rights"}
    assert fields["ip.background.0.organisation_id"] == [
        "The owner must be a partner of the proposal."]


def test_the_ip_section_is_bounded_in_rows_and_shape(api, consortium):
    rows = [{"organisation_id": consortium.ru.id, "title": "T", "kind": "data"}] * (
        limits.ROWS_MAX + 1)
    for value, field in [({"background": rows}, "ip.background"), ([], "ip"),
                         ({"background": "none"}, "ip.background")]:
        response = api(consortium.manager).post("/api/v1/proposals",
                                                json=consortium.values(ip=value))
        assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_an_owner_is_checked_against_the_partners_being_written(api, consortium):
    proposal = created(api, consortium)
    owner_kz = {"background": [{"organisation_id": consortium.kz.id, "title": "Reagents",
                                "kind": "data"}]}
    refused = api(consortium.manager).patch(f"/api/v1/proposals/{proposal['id']}",
                                            json={"version": 1, "ip": owner_kz})
    assert refused.status_code == 422
    assert list(refused.get_json()["error"]["fields"]) == ["ip.background.0.organisation_id"]
    partners = [*consortium.values()["partners"],
                {"organisation_id": consortium.kz.id, "cofinancing_rate": 0, "budget": []}]
    accepted = api(consortium.manager).patch(f"/api/v1/proposals/{proposal['id']}", json={
        "version": 1, "partners": partners, "ip": owner_kz})
    assert accepted.status_code == 200, accepted.get_json()
    assert [row["name"] for row in accepted.get_json()["ip"]["background"]] == ["Almaty Devices"]
    assert accepted.get_json()["ip"]["results_ownership"] == "joint"


def test_a_partner_removed_takes_its_background_ip_with_it(api, consortium):
    proposal = created(api, consortium)
    only_lead = [consortium.values()["partners"][0]]
    changed = api(consortium.manager).patch(f"/api/v1/proposals/{proposal['id']}", json={
        "version": 1, "partners": only_lead})
    assert changed.status_code == 200
    assert [row["organisation_id"] for row in changed.get_json()["ip"]["background"]] == [
        consortium.ru.id]


def test_a_partial_ip_change_keeps_the_rest(api, consortium):
    proposal = created(api, consortium)
    changed = api(consortium.manager).patch(f"/api/v1/proposals/{proposal['id']}", json={
        "version": 1, "ip": {"results_ownership": None}})
    assert changed.status_code == 200
    body = changed.get_json()["ip"]
    assert body["results_ownership"] is None and len(body["background"]) == 2
    assert body["access_rights"] == "Royalty-free for the partners."


def test_ip_differences_read_in_words(session):
    section = {"background": [
        {"organisation_id": 1, "name": "Smolensk Medical", "title": "Moulding patent",
         "kind": "patent", "terms": "Free."}],
        "results_ownership": "joint", "access_rights": "Royalty-free."}
    before = content(ip=section)
    after = copy.deepcopy(before)
    after["ip"]["results_ownership"] = "creator"
    after["ip"]["background"][0]["terms"] = "At cost."
    after["ip"]["background"].append({"organisation_id": 2, "name": "Vitebsk Sterile",
                                      "title": "Protocols", "kind": "know_how", "terms": ""})
    assert words(before, after) == [
        ("Ownership of results", "Jointly by all partners", "By the partner that creates them"),
        ("Background IP 1 (Smolensk Medical): terms", "Free.", "At cost."),
        ("Background IP 2 (Vitebsk Sterile)", None, "Protocols (Know-how, Vitebsk Sterile)")]
    assert words(content(), content(ip=section))[0] == (
        "Ownership of results", None, "Jointly by all partners")


def test_the_snapshots_hold_the_ip_section_and_compare_it(api, consortium):
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(ip=ip(consortium)),
                                            consortium.manager)
    confirm_and_endorse(consortium, proposal)
    changed = ip(consortium, results_ownership="creator")
    changed["background"][1]["terms"] = "Licensed at cost."
    with force_locale("en"):
        services.submit_proposal(proposal.id, consortium.manager)
        apply_transition(proposal, Action.MARK_ELIGIBLE, None)
        apply_transition(proposal, Action.RETURN_TO_APPLICANT, make_user("secretariat"),
                         note="Clarify.")
        services.update_proposal(proposal.id, {"ip": changed}, proposal.version,
                                 consortium.manager)
        services.submit_proposal(proposal.id, consortium.manager)
    db.session.commit()
    listed = api(consortium.manager).get(f"/api/v1/proposals/{proposal.id}/snapshots").get_json()
    assert listed["items"][0]["content"]["ip"]["results_ownership"] == "joint"
    assert listed["items"][1]["content"]["ip"]["background"][1]["terms"] == "Licensed at cost."
    compared = api(consortium.manager).get(
        f"/api/v1/proposals/{proposal.id}/snapshots/compare?from=1&to=2").get_json()
    assert compared["items"] == [
        {"label": "Ownership of results", "before": "Jointly by all partners",
         "after": "By the partner that creates them"},
        {"label": "Background IP 2 (Vitebsk Sterile): terms", "before": None,
         "after": "Licensed at cost."}]


def test_the_proposal_page_shows_the_ip_section(app, api, consortium):
    proposal = created(api, consortium)
    page = signed_in(app, consortium.manager).get(f"/proposals/{proposal['id']}")
    text = page.get_data(as_text=True)
    assert "Intellectual property" in text and "Sterile moulding patent" in text
    assert "Jointly by all partners" in text and "Royalty-free for the partners." in text


def test_the_editor_saves_the_ip_section(app, consortium):
    with force_locale("en"):
        proposal_id = services.create_proposal(consortium.values(), consortium.manager).id
    db.session.commit()
    client = signed_in(app, consortium.manager)
    form = editor_form(consortium, version="1", **{
        "background-0-organisation_id": str(consortium.by.id),
        "background-0-title": "Test protocols", "background-0-kind": "know_how",
        "background-0-terms": "For the project only.", "results_ownership": "lead",
        "access_rights": "Partners use results free of charge."})
    saved = client.post(f"/proposals/{proposal_id}/edit/ip", data=form)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    editor = client.get(f"/proposals/{proposal_id}/edit/ip").get_data(as_text=True)
    assert "Test protocols" in editor
    assert re.search(r'<input checked[^>]*name="results_ownership" type="radio" value="lead"',
                     editor)
    [row] = services.get_proposal(proposal_id, consortium.manager).background_ip
    assert (row.organisation_id, row.kind, row.terms) == (
        consortium.by.id, "know_how", "For the project only.")


def test_the_editor_reports_an_owner_who_is_not_a_partner(app, consortium):
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(), consortium.manager)
    db.session.commit()
    client = signed_in(app, consortium.manager)
    form = editor_form(consortium, version="1", **{
        "background-0-organisation_id": str(consortium.kz.id),
        "background-0-title": "Reagents", "background-0-kind": "data"})
    refused = client.post(f"/proposals/{proposal.id}/edit/ip", data=form)
    assert refused.status_code == 422
    assert "The owner must be a partner of the proposal." in refused.get_data(as_text=True)
    assert not services.get_proposal(proposal.id, consortium.manager).background_ip
