"""Invitations: the e-mail, accepting once, expiry, withdrawal, and an existing account."""

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import RoleSpec
from portal.core.db import utcnow
from portal.core.errors import PermissionDenied, ValidationError
from portal.core.timezones import format_moment
from portal.extensions import db
from portal.onboarding import invitations
from portal.onboarding.models import Invitation
from tests.accounts.helpers import link_path, mails, person, sign_in
from tests.factories import PASSWORD, make_organisation
from tests.tables import assert_reflows

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def organisation(session):
    return make_organisation(state="RU", region="RU-KLU")


@pytest.fixture
def contact_point(session):
    return person("contact_point:RU")


def _invite(actor, organisation, email="newcomer@example.com", language="en"):
    return invitations.invite_user(email, [RoleSpec.parse(f"org_member:{organisation.id}")],
                                   language, actor)


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_invitation_email_is_in_the_outbox_in_the_invitations_language(
        in_request, contact_point, organisation, language):
    invitation, token = _invite(contact_point, organisation, language=language)
    [message] = mails("invitation", "newcomer@example.com")
    assert message.language == language
    with force_locale(language):
        expiry = format_moment(invitation.expires_at)
    assert expiry in message.body  # to the minute, the zone named, as the language writes dates
    assert f"http://127.0.0.1:5000/invitations/{token}" in message.body
    assert contact_point.name in message.body
    assert organisation.name in message.body  # the role names its organisation


def test_the_invitation_email_can_be_written_outside_a_request(session, contact_point, organisation):
    """As from a command or the worker: the page navigation must not need a signed-in user."""
    invitation, _token = _invite(contact_point, organisation, language="ru")
    assert mails("invitation", invitation.email)


def test_an_invitation_expires_after_the_configured_number_of_days(
        app, in_request, contact_point, organisation):
    invitation, _token = _invite(contact_point, organisation)
    days = (invitation.expires_at - invitation.created_at).total_seconds() / 86400
    assert round(days) == app.config["INVITATION_DAYS"]


def test_only_the_digest_of_the_link_token_is_stored(in_request, contact_point, organisation):
    invitation, token = _invite(contact_point, organisation)
    assert token not in invitation.digest
    assert invitations.find_invitation(token) is invitation


def test_inviting_to_a_role_the_inviter_may_not_give_is_refused(in_request, organisation):
    org_admin = person(f"org_admin:{organisation.id}")
    with pytest.raises(PermissionDenied):
        invitations.invite_user("x@example.com", [RoleSpec.parse("expert")], "en", org_admin)
    assert mails("invitation") == []
    assert db.session.scalar(select(Invitation).where(Invitation.email == "x@example.com")) is None


def test_inviting_to_an_organisation_that_does_not_exist_is_a_validation_error(in_request):
    admin = person("admin")
    with pytest.raises(ValidationError) as raised:
        invitations.invite_user("x@example.com", [RoleSpec.parse("org_member:999999")], "en", admin)
    assert raised.value.fields["scope"] == ["There is no organisation with the number 999999."]


def test_a_scope_that_does_not_fit_the_role_is_explained_on_the_scope_field(in_request):
    with pytest.raises(ValidationError) as raised:
        invitations.parse_role_choice("expert", "RU")
    assert raised.value.fields["scope"] == ["This role has no scope: leave the field empty."]
    with pytest.raises(ValidationError) as raised:
        invitations.parse_role_choice("org_member", "RU")
    assert raised.value.fields["scope"] == [
        "No organisation is named “RU”. Pick one from the list, or give its number."]
    assert invitations.parse_role_choice("contact_point", "kz") == RoleSpec.parse("contact_point:KZ")


def test_an_organisation_is_picked_by_its_name_or_its_list_entry(in_request):
    organisation = make_organisation(name="Томский политех")
    latin = make_organisation(name="Kazan Polytech")
    make_organisation(name="Twin name")
    make_organisation(name="Twin name")
    expected = RoleSpec.parse(f"org_member:{organisation.id}")
    assert invitations.parse_role_choice("org_member", " Томский политех ") == expected
    assert (invitations.parse_role_choice("org_admin", "kazan POLYTECH")
            == RoleSpec.parse(f"org_admin:{latin.id}"))
    entry = invitations.lookup_entry(organisation)
    assert entry == f"{organisation.id} · Томский политех"
    assert invitations.parse_role_choice("org_member", entry) == expected
    with pytest.raises(ValidationError) as raised:
        invitations.parse_role_choice("org_member", "Twin name")
    assert "Several organisations" in raised.value.fields["scope"][0]


def test_the_invitation_form_no_longer_lists_every_organisation(client, contact_point, organisation):
    assert sign_in(client, contact_point.email).status_code == 302
    html = client.get("/invitations/new").get_data(as_text=True)
    assert 'list="scope-options"' not in html and organisation.name not in html
    assert 'name="organisation-q"' in html


def test_accepting_creates_the_user_with_the_roles_and_the_link_works_once(
        client, another_client, app, session, contact_point, organisation):
    organisation_id = organisation.id
    session.commit()
    assert sign_in(client, contact_point.email).status_code == 302
    response = client.post("/invitations/new", data={
        "email": "Newcomer@Example.com", "role": "org_member", "organisation": str(organisation_id),
        "language": "ru"})
    assert response.status_code == 302
    [message] = mails("invitation", "newcomer@example.com")
    link = link_path(message)

    assert another_client.get(link).status_code == 200
    response = another_client.post(link, data={"name": "Nina Newcomer", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in"

    user = _user("newcomer@example.com")
    assert user.has_role("org_member", organisation_id)
    assert user.language == "ru"
    assert user.email_confirmed_at is not None
    invitation = db.session.scalar(select(Invitation).where(Invitation.email == user.email))
    assert invitation.accepted_at is not None
    assert sign_in(another_client, "newcomer@example.com", NEW_PASSWORD).status_code == 302

    response = client.get(link)  # a second use, by anyone
    assert response.status_code == 410
    assert "already been used" in response.get_data(as_text=True)
    client.post("/sign-out")
    response = client.post(link, data={"name": "Someone", "password": NEW_PASSWORD})
    assert response.status_code == 410
    assert len(db.session.scalars(select(User).where(User.name == "Someone")).all()) == 0


def test_an_expired_invitation_is_refused(client, in_request, session, contact_point, organisation):
    invitation, token = _invite(contact_point, organisation)
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    response = client.get(f"/invitations/{token}")
    assert response.status_code == 410
    assert "has expired" in response.get_data(as_text=True)
    response = client.post(f"/invitations/{token}", data={"name": "Late", "password": NEW_PASSWORD})
    assert response.status_code == 410
    assert _user("newcomer@example.com") is None


def test_an_unknown_invitation_link_is_refused(client, session):
    response = client.get("/invitations/not-a-real-token")
    assert response.status_code == 410
    assert "not valid" in response.get_data(as_text=True)


def test_the_sender_can_withdraw_an_invitation_and_the_link_stops_working(
        client, another_client, in_request, session, contact_point, organisation):
    invitation, token = _invite(contact_point, organisation)
    invitation_id = invitation.id
    session.commit()
    sign_in(client, contact_point.email)
    assert "newcomer@example.com" in client.get("/invitations").get_data(as_text=True)
    assert client.post(f"/invitations/{invitation_id}/revoke").status_code == 302
    assert db.session.get(Invitation, invitation_id).revoked_at is not None
    response = another_client.get(f"/invitations/{token}")
    assert response.status_code == 410
    assert "withdrawn" in response.get_data(as_text=True)


def test_someone_else_cannot_withdraw_an_invitation(
        client, in_request, session, contact_point, organisation):
    invitation, _token = _invite(contact_point, organisation)
    invitation_id = invitation.id
    other = person("contact_point:RU")
    session.commit()
    sign_in(client, other.email)
    assert client.post(f"/invitations/{invitation_id}/revoke").status_code == 404
    assert db.session.get(Invitation, invitation_id).revoked_at is None


def test_an_existing_account_signs_in_first_then_gets_the_roles(
        client, in_request, session, contact_point, organisation):
    member = person(email="member@example.com")
    member_id, organisation_id = member.id, organisation.id
    _invitation, token = _invite(contact_point, organisation, email="member@example.com")
    session.commit()
    page = client.get(f"/invitations/{token}")
    assert page.status_code == 200
    assert f"/sign-in?next=/invitations/{token}" in page.get_data(as_text=True)
    client.post(f"/invitations/{token}", data={"name": "Taken over", "password": NEW_PASSWORD})
    member = db.session.get(User, member_id)
    assert not member.has_role("org_member", organisation_id)
    assert member.name != "Taken over"

    response = client.post(f"/sign-in?next=/invitations/{token}",
                           data={"email": "member@example.com", "password": PASSWORD})
    assert response.headers["Location"] == f"/invitations/{token}"
    assert client.post(f"/invitations/{token}").status_code == 302
    assert db.session.get(User, member_id).has_role("org_member", organisation_id)


def test_a_user_signed_in_with_another_address_cannot_accept(
        client, in_request, session, contact_point, organisation):
    intruder = person()
    intruder_id, organisation_id = intruder.id, organisation.id
    _invitation, token = _invite(contact_point, organisation, email="someone@example.com")
    session.commit()
    sign_in(client, intruder.email)
    assert client.get(f"/invitations/{token}").status_code == 403
    assert client.post(f"/invitations/{token}").status_code == 403
    assert not db.session.get(User, intruder_id).has_role("org_member", organisation_id)


def test_the_invite_form_offers_only_the_roles_the_user_may_give(client, session, organisation):
    org_admin = person(f"org_admin:{organisation.id}")
    session.commit()
    sign_in(client, org_admin.email)
    page = client.get("/invitations/new").get_data(as_text=True)
    assert 'value="org_member"' in page
    assert 'value="expert"' not in page
    response = client.post("/invitations/new", data={
        "email": "x@example.com", "role": "expert", "language": "en"})
    assert response.status_code == 422
    assert mails("invitation") == []


def test_an_invitation_takes_the_organisation_found_by_name_without_a_script(
        client, session, contact_point):
    organisation = make_organisation(state="RU", region="RU-KLU", name="Калужский завод",
                                     language="ru", status="published")
    organisation_id = organisation.id
    session.commit()
    sign_in(client, contact_point.email)
    form = {"email": "newcomer@example.com", "role": "org_admin", "language": "ru",
            "state": "KZ"}
    found = client.post("/invitations/new", data={**form, "organisation-q": "калужский",
                                                  "pick": "organisation"})
    assert found.status_code == 200 and mails("invitation") == []
    page = found.get_data(as_text=True)
    assert f'id="organisation-{organisation_id}" value="{organisation_id}"' in page
    assert 'value="newcomer@example.com"' in page  # what was typed is kept
    missing = client.post("/invitations/new", data=form)
    assert missing.status_code == 422 and 'href="#organisation-q"' in missing.get_data(as_text=True)
    sent = client.post("/invitations/new", data={**form, "organisation": str(organisation_id)})
    assert sent.status_code == 302
    assert len(mails("invitation", "newcomer@example.com")) == 1
    assert db.session.scalar(select(Invitation)).roles == [f"org_admin:{organisation_id}"]


def test_the_list_of_invitations_reflows_with_a_label_on_every_cell(
        client, in_request, session, contact_point, organisation):
    _invite(contact_point, organisation)
    revoked, _token = _invite(contact_point, organisation, email="second@example.com")
    revoked.revoked_at = utcnow()
    session.commit()
    sign_in(client, contact_point.email)
    page = client.get("/invitations").get_data(as_text=True)
    [table] = assert_reflows(page)
    assert table.headings == ["E-mail address", "Roles", "Sent", "Valid until", "Status", "Actions"]
    assert len(table.rows) == 2
    assert '<td data-label="Actions"></td>' in page  # nothing to do: the card hides the cell
