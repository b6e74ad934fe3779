"""Self-registration of an organisation's first user, confirmed by e-mail."""

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
from portal.registry.models import Organisation, ProfileStatus
from tests.accounts.helpers import link_path, mails, main_text, person, sign_in

PASSWORD = "registered passphrase"


def _form(email="first@example.com", **changes):
    data = {"name": "Aigerim First", "email": email, "password": PASSWORD,
            "organisation_name": "Steppe Pharma LLP", "kind": "enterprise", "state": "KZ",
            "region": "KZ-35", "language": "ru"}
    data.update(changes)
    return data


def _organisations() -> int:
    return db.session.scalar(select(func.count(Organisation.id)))


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def test_the_registration_page_offers_the_regions_grouped_by_state(client, session):
    page = client.get("/register").get_data(as_text=True)
    assert '<optgroup label="Kazakhstan">' in page
    assert 'value="KZ-35"' in page
    assert page.count("<h1>") == 1


def test_registration_creates_a_pending_organisation_and_an_unconfirmed_user(client, session):
    response = client.post("/register", data=_form())
    assert response.status_code == 200
    assert "Check your mailbox" in response.get_data(as_text=True)
    user = _user("first@example.com")
    assert user.email_confirmed_at is None
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Steppe Pharma LLP"))
    assert organisation.status == ProfileStatus.PENDING
    assert (organisation.state_code, organisation.region_code, organisation.language) == ("KZ", "KZ-35", "ru")
    assert user.has_role("org_admin", organisation.id)
    assert user.has_role("org_member", organisation.id)
    assert user.language == "en"  # the language the page was read in
    [message] = mails("confirm_email", "first@example.com")
    assert "/register/confirm/" in message.body


def test_sign_in_is_refused_until_the_address_is_confirmed_and_the_link_works_once(
        client, another_client, session):
    client.post("/register", data=_form())
    response = sign_in(client, "first@example.com", PASSWORD)
    assert response.status_code == 401
    assert "Please confirm your e-mail address first" in response.get_data(as_text=True)

    link = link_path(mails("confirm_email", "first@example.com")[0])
    page = another_client.get(link)
    assert page.status_code == 200
    assert _user("first@example.com").email_confirmed_at is None  # opening the link changes nothing
    response = another_client.post(link)
    assert response.status_code == 200
    assert "is confirmed" in response.get_data(as_text=True)
    assert _user("first@example.com").email_confirmed_at is not None

    assert sign_in(client, "first@example.com", PASSWORD).status_code == 302
    assert another_client.get(link).status_code == 410
    assert another_client.post(link).status_code == 410


def test_a_forged_confirmation_link_is_refused(client, session):
    client.post("/register", data=_form())
    link = link_path(mails("confirm_email", "first@example.com")[0])
    assert client.post(link[:-3] + "abc").status_code == 410
    assert _user("first@example.com").email_confirmed_at is None


def test_the_region_must_belong_to_the_chosen_state(client, session):
    before = _organisations()
    response = client.post("/register", data=_form(region="RU-KLU"))
    assert response.status_code == 422
    assert "is not in" in response.get_data(as_text=True)
    assert _organisations() == before
    assert _user("first@example.com") is None
    assert mails("confirm_email") == []


def test_a_short_password_is_refused(client, session):
    response = client.post("/register", data=_form(password="short"))
    assert response.status_code == 422
    assert _user("first@example.com") is None


def test_registering_an_existing_address_answers_the_same_and_mails_the_owner(client, session):
    owner = person(email="owner@example.com", language="ru")
    owner_name = owner.name
    session.commit()
    before = _organisations()

    fresh = client.post("/register", data=_form(email="fresh@example.com"))
    taken = client.post("/register", data=_form(email="owner@example.com"))
    assert taken.status_code == fresh.status_code == 200
    assert main_text(taken).replace("owner@", "fresh@") == main_text(fresh)

    assert _organisations() == before + 1  # only the fresh registration made one
    owner = _user("owner@example.com")
    assert owner.name == owner_name
    assert owner.roles == []
    [notice] = mails("registration_exists", "owner@example.com")
    assert notice.language == "ru"
    assert "/password/forgot" in notice.body
    assert mails("confirm_email", "owner@example.com") == []


def test_registering_again_while_unconfirmed_mails_a_new_confirmation_link(
        client, another_client, session):
    client.post("/register", data=_form())
    client.post("/register", data=_form())
    [notice] = mails("registration_exists", "first@example.com")
    assert another_client.post(link_path(notice)).status_code == 200
    assert _user("first@example.com").email_confirmed_at is not None
    assert db.session.scalar(select(func.count(Organisation.id))
                             .where(Organisation.name == "Steppe Pharma LLP")) == 1


def test_a_signed_in_user_is_sent_to_the_dashboard_instead_of_registering(client, session):
    user = person()
    session.commit()
    sign_in(client, user.email)
    response = client.get("/register")
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
