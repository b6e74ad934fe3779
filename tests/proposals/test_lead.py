"""A proposal's lead is an organisation its applicant acts for: one they are a member of, or
one of a cluster they manage. Its members become applicants, so any other lead is refused with
422 under ``lead_organisation_id``, on creation and on change, in the API and the editor."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from portal.extensions import db
from portal.proposals import services
from portal.proposals.models import Proposal
from portal.registry import services as registry
from tests.factories import make_user
from tests.pages import signed_in
from tests.proposals.test_pages import editor_form


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Proposal))


def _refused_lead(response) -> None:
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"lead_organisation_id"}


def test_a_lead_the_applicant_does_not_act_for_is_refused_on_creation_in_the_api(
        api, consortium):
    before = _count()
    _refused_lead(api(consortium.manager).post(
        "/api/v1/proposals", json=consortium.values(lead_organisation_id=consortium.kz.id)))
    assert _count() == before


def test_a_lead_the_applicant_does_not_act_for_is_refused_on_change_in_the_api(api, consortium):
    created = api(consortium.manager).post("/api/v1/proposals", json=consortium.values())
    assert created.status_code == 201
    proposal = created.get_json()
    response = api(consortium.manager).patch(
        f"/api/v1/proposals/{proposal['id']}",
        json={"version": proposal["version"], "lead_organisation_id": consortium.by.id})
    _refused_lead(response)
    assert db.session.get(Proposal, proposal["id"]).lead_organisation_id == consortium.ru.id


def test_a_lead_the_applicant_does_not_act_for_is_refused_in_the_editor(app, consortium):
    db.session.commit()
    before = _count()
    client = signed_in(app, consortium.manager)
    response = client.post(f"/calls/{consortium.call.id}/proposals/new",
                           data=editor_form(consortium,
                                            lead_organisation_id=str(consortium.by.id)))
    assert response.status_code == 422
    assert "Choose an organisation you act for as the lead" in response.get_data(as_text=True)
    assert _count() == before


@pytest.fixture
def managed_cluster(consortium):
    """A cluster managed from the Belarusian organisation, with the Kazakh one as a member, and
    its manager (a member of neither)."""
    cluster = registry.create_cluster(name="Border devices", state="BY", region="BY-VI",
                                      language="ru", management_organisation_id=consortium.by.id,
                                      actor="test")
    registry.add_cluster_member(cluster.id, consortium.kz.id, "business", "test")
    return make_user(f"cluster_manager:{cluster.id}")


def test_a_cluster_manager_leads_with_an_organisation_of_the_cluster_and_no_other(
        consortium, managed_cluster):
    with force_locale("en"):
        for lead in (consortium.by, consortium.kz):
            proposal = services.create_proposal(
                consortium.values(lead_organisation_id=lead.id), managed_cluster)
            assert proposal.lead_organisation_id == lead.id
        with pytest.raises(services.ValidationError) as refused:
            services.create_proposal(consortium.values(lead_organisation_id=consortium.ru.id),
                                     managed_cluster)
    assert set(refused.value.fields) == {"lead_organisation_id"}


def test_the_secretariat_enters_a_proposal_for_any_lead(consortium):
    with force_locale("en"):
        proposal = services.create_proposal(
            consortium.values(lead_organisation_id=consortium.kz.id), make_user("secretariat"))
    assert proposal.lead_organisation_id == consortium.kz.id
