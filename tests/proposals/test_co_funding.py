"""The national co-funder (DESIGN 4.10): it reads, in the calls whose envelope it co-funds, only
its state's partners and a few facts of their proposals, endorses those partners as the contact
point does (DESIGN 4.4, rule 4), finds them among its waiting tasks, and reads nothing else."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from portal.calls.models import Call
from portal.core.audit import AuditEntry
from portal.core.db import utcnow
from portal.core.waiting import TaskKind, tasks_for
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.proposals.models import PartnerRequestKind, ProposalPartner
from portal.proposals.requests import request_partner
from portal.registry.models import Organisation
from tests.factories import make_call, make_envelope, make_organisation, make_proposal, make_user
from tests.pages import signed_in
from tests.perf.test_statement_counts import assert_flat
from tests.tables import assert_reflows


@dataclass
class CoFunding:
    consortium: object
    funder: object
    user: object
    #: RU and BY partners, in the co-funded call.
    mine: object
    #: BY and KZ partners only, in the co-funded call.
    no_ru: object
    #: RU and BY partners, in a call with no envelope.
    elsewhere: object


@pytest.fixture
def co_funding(consortium) -> CoFunding:
    c = consortium
    funder = make_organisation("RU", "RU-KLU", name="Kaluga Integration", status="published")
    make_envelope(c.call, "RU", funder, amount="30000000", currency="RUB")
    other_call = make_call()
    return CoFunding(
        consortium=c, funder=funder, user=make_user(f"co_funder:{funder.id}"),
        mine=make_proposal(c.call, partners=[c.ru, c.by], acronym="SMOVIT",
                           summary="Confidential summary"),
        no_ru=make_proposal(c.call, partners=[c.by, c.kz], acronym="BYKZAL"),
        elsewhere=make_proposal(other_call, partners=[c.ru, c.by], acronym="OTHERC"))


def _partner(proposal, organisation) -> ProposalPartner:
    db.session.expire_all()
    return db.session.scalar(select(ProposalPartner).where(
        ProposalPartner.proposal_id == proposal.id,
        ProposalPartner.organisation_id == organisation.id))


def _endorse_path(proposal_id, organisation) -> str:
    return f"/api/v1/proposals/{proposal_id}/partners/{organisation.id}/endorse"


def test_the_co_funder_reads_only_its_states_partners_of_the_calls_it_co_funds(api, co_funding):
    c = co_funding.consortium
    response = api(co_funding.user).get("/api/v1/co-funding")
    assert response.status_code == 200
    [item] = response.get_json()["items"]
    assert item["call"]["id"] == c.call.id
    assert item["envelope"]["state"] == "RU" and item["envelope"]["currency"] == "RUB"
    assert float(item["envelope"]["amount"]) == 30000000
    assert item["envelope"]["co_funder_organisation_id"] == co_funding.funder.id
    [proposal] = item["proposals"]
    assert proposal["id"] == co_funding.mine.id and proposal["acronym"] == "SMOVIT"
    assert set(proposal) == {"id", "call_id", "title", "acronym", "status", "status_label",
                             "classification", "classification_label", "partners"}
    [partner] = proposal["partners"]
    assert partner["organisation_id"] == c.ru.id and partner["state"] == "RU"
    # 1,000,000 RUB, 30 % co-financed by the partner itself.
    assert partner["requested_grant"] == "700000.00"
    assert partner["requested_grant_own"] == [{"currency": "RUB", "amount": "700000.00"}]
    assert partner["endorsed"] is False and partner["may_endorse"] is True


def test_nobody_else_reads_co_funding(api, co_funding):
    c = co_funding.consortium
    for user in (c.outsider, c.ru_contact, c.ru_member, c.manager):
        response = api(user).get("/api/v1/co-funding")
        assert response.status_code == 403
        assert response.get_json()["error"]["message"]
    idle = make_user(f"co_funder:{make_organisation('BY', 'BY-VI').id}")
    assert api(idle).get("/api/v1/co-funding").get_json() == {"items": []}


def test_the_co_funder_reads_no_proposal_nor_its_pages(app, api, co_funding):
    caller = api(co_funding.user)
    assert caller.get(f"/api/v1/proposals/{co_funding.mine.id}").status_code == 403
    assert caller.get("/api/v1/proposals").status_code == 403
    browser = signed_in(app, co_funding.user)
    assert browser.get(f"/proposals/{co_funding.mine.id}").status_code == 403
    assert browser.get("/proposals").status_code == 403


def test_the_co_funder_endorses_its_states_partner_with_an_audit_entry(api, co_funding):
    c, mine = co_funding.consortium, co_funding.mine
    response = api(co_funding.user).post(_endorse_path(mine.id, c.ru))
    assert response.status_code == 200
    body = response.get_json()
    assert "summary" not in body and "budget" not in body
    assert [p["organisation_id"] for p in body["partners"]] == [c.ru.id]
    assert body["partners"][0]["endorsed"] is True and body["partners"][0]["may_endorse"] is False
    partner = _partner(mine, c.ru)
    assert partner.endorsed_by_id == co_funding.user.id and partner.endorsed_at is not None
    assert db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "proposal.partner_endorse", AuditEntry.object == f"proposal:{mine.id}",
        AuditEntry.actor == f"user:{co_funding.user.id}"))
    assert api(co_funding.user).post(_endorse_path(mine.id, c.ru)).status_code == 200


def test_the_co_funder_endorses_nothing_else(api, co_funding):
    c, caller = co_funding.consortium, api(co_funding.user)
    for proposal_id, organisation in ((co_funding.mine.id, c.by),
                                      (co_funding.no_ru.id, c.by), (co_funding.no_ru.id, c.kz),
                                      (co_funding.elsewhere.id, c.ru), (999999, c.ru)):
        response = caller.post(_endorse_path(proposal_id, organisation))
        assert response.status_code == 404, (proposal_id, organisation.name)
        assert response.get_json()["error"]["message"]
    assert caller.post(f"/api/v1/proposals/{co_funding.mine.id}/partners/999999/endorse"
                       ).status_code == 404
    assert _partner(co_funding.mine, c.by).endorsed_at is None
    assert _partner(co_funding.elsewhere, c.ru).endorsed_at is None


def test_the_contact_point_still_endorses_and_nobody_gains_anything(api, co_funding):
    c, mine = co_funding.consortium, co_funding.mine
    other_funder = make_user(f"co_funder:{make_organisation('RU', 'RU-SMO').id}")
    assert api(other_funder).post(_endorse_path(mine.id, c.ru)).status_code == 404
    assert api(c.by_contact).post(_endorse_path(mine.id, c.ru)).status_code == 403
    assert api(c.outsider).post(_endorse_path(mine.id, c.ru)).status_code == 403
    response = api(c.ru_contact).post(_endorse_path(mine.id, c.ru))
    assert response.status_code == 200 and response.get_json()["summary"] == "Confidential summary"
    assert _partner(mine, c.ru).endorsed_by_id == c.ru_contact.id


def test_a_submitted_proposal_is_endorsed_no_more(app, api, co_funding):
    c, mine = co_funding.consortium, co_funding.mine
    mine.status = "submitted"
    db.session.commit()
    assert api(co_funding.user).post(_endorse_path(mine.id, c.ru)).status_code == 409
    page = signed_in(app, co_funding.user).get("/co-funding").get_data(as_text=True)
    assert "SMOVIT" in page and "Endorse this partner" not in page


def test_the_page_lists_the_partners_and_endorses_one(app, co_funding):
    c, mine = co_funding.consortium, co_funding.mine
    db.session.commit()
    browser = signed_in(app, co_funding.user)
    response = browser.get("/co-funding")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "SMOVIT" in page and "Smolensk Medical" in page
    assert "RUB30,000,000" in page and "RUB700,000" in page
    for absent in ("Vitebsk Sterile", "BYKZAL", "OTHERC", "Confidential summary"):
        assert absent not in page
    action = f"/proposals/{mine.id}/partners/{c.ru.id}/endorse"
    assert f'action="{action}"' in page
    [table] = assert_reflows(page)
    assert table.headings == ["Proposal", "Status", "Classification", "Partner", "Requested grant",
                              "Endorsed"]
    assert 'href="/co-funding"' in browser.get("/dashboard").get_data(as_text=True)
    endorsed = browser.post(action)
    assert endorsed.status_code == 302
    assert endorsed.headers["Location"].endswith(f"/co-funding#proposal-{mine.id}")
    assert _partner(mine, c.ru).endorsed_by_id == co_funding.user.id
    assert "Endorse this partner" not in browser.get("/co-funding").get_data(as_text=True)
    assert browser.post(f"/proposals/{mine.id}/partners/{c.by.id}/endorse").status_code == 404
    assert browser.post(f"/proposals/{co_funding.elsewhere.id}/partners/{c.ru.id}/endorse"
                        ).status_code == 404


def test_the_page_is_refused_to_others(app, co_funding):
    db.session.commit()
    for user in (co_funding.consortium.outsider, co_funding.consortium.ru_contact):
        assert signed_in(app, user).get("/co-funding").status_code == 403


def test_the_page_sends_as_many_statements_for_many_proposals_as_for_few(app, session,
                                                                          co_funding):
    c = co_funding.consortium
    call_id, ru_id, by_id = c.call.id, c.ru.id, c.by.id
    browser = signed_in(app, co_funding.user)

    def grow(n):
        call = db.session.get(Call, call_id)
        partners = [db.session.get(Organisation, ru_id), db.session.get(Organisation, by_id)]
        for _ in range(n):
            make_proposal(call, partners=partners)

    assert_flat(session, lambda: browser.get("/co-funding"), grow)


def _endorsements(user):
    return [task for task in tasks_for(user, utcnow()) if task.kind == TaskKind.ENDORSE_PARTNER]


def test_the_co_funder_is_asked_to_endorse_its_states_partners(co_funding):
    c, mine = co_funding.consortium, co_funding.mine
    [task] = _endorsements(co_funding.user)
    assert (task.object_type, task.object_id) == ("proposal", mine.id)
    assert (task.endpoint, task.anchor) == ("proposals.co_funding", f"proposal-{mine.id}")
    assert task.due_at == c.call.closes_at and "SMOVIT" in task.title
    contact_tasks = _endorsements(c.ru_contact)
    assert {t.object_id for t in contact_tasks} == {mine.id, co_funding.elsewhere.id}
    assert all(t.endpoint == "proposals.proposal" for t in contact_tasks)
    both = make_user("contact_point:RU", f"co_funder:{co_funding.funder.id}")
    assert [t.endpoint for t in _endorsements(both) if t.object_id == mine.id] == [
        "proposals.proposal"]
    _partner(mine, c.ru).endorsed_at = utcnow()
    db.session.flush()
    assert _endorsements(co_funding.user) == []


def test_a_call_without_endorsement_asks_the_co_funder_nothing(co_funding):
    co_funding.consortium.call.requires_endorsement = False
    db.session.flush()
    assert _endorsements(co_funding.user) == []


def test_the_co_funders_task_is_in_the_api_and_on_the_dashboard(app, api, co_funding):
    mine = co_funding.mine
    response = api(co_funding.user).get("/api/v1/me/tasks")
    assert response.status_code == 200
    kinds = [(item["kind"], item["object"]["id"]) for item in response.get_json()["items"]]
    assert kinds == [("endorse_partner", mine.id)]
    dashboard = signed_in(app, co_funding.user).get("/dashboard").get_data(as_text=True)
    assert f"/co-funding#proposal-{mine.id}" in dashboard


def test_the_co_funder_is_mailed_to_endorse_and_led_to_the_co_funding_page(co_funding):
    c, mine = co_funding.consortium, co_funding.mine
    assert request_partner(_partner(mine, c.ru), PartnerRequestKind.ENDORSEMENT, utcnow())
    mails = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
    to_funder = mails[co_funding.user.email]
    assert to_funder.template == "proposal_co_funder_endorsement_request"
    assert f"/co-funding#proposal-{mine.id}" in to_funder.body
    assert f"/proposals/{mine.id}" not in to_funder.body
    assert mails[c.ru_contact.email].template == "proposal_endorsement_request"


def test_a_partner_of_a_state_without_an_envelope_asks_no_co_funder(co_funding):
    c = co_funding.consortium
    assert request_partner(_partner(co_funding.mine, c.by), PartnerRequestKind.ENDORSEMENT,
                           utcnow())
    recipients = {m.recipient for m in db.session.scalars(select(OutboxMessage))}
    assert co_funding.user.email not in recipients
    assert c.by_contact.email in recipients
