"""Council seats on their page and in the API: the secretariat and administrators name a seat's
titular, by the service ``portal council seat`` uses; nobody else may."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts import tokens
from portal.core.audit import AuditEntry
from portal.council.seats import seat_of
from portal.council.tally import Seat
from portal.extensions import db
from tests.factories import make_user
from tests.pages import signed_in


@pytest.fixture
def api(client):
    def caller(user):
        headers = {}
        if user is not None:
            _row, token = tokens.create_token(user, "test", user)
            db.session.commit()
            headers = {"Authorization": f"Bearer {token}"}

        class Caller:
            def get(self, path):
                return client.get(path, headers=headers)

            def post(self, path, **kwargs):
                return client.post(path, headers=headers, **kwargs)

        return Caller()
    return caller


def test_the_seats_list_shows_both_seats_of_every_state_with_the_titular_by_role(api, council):
    response = api(council.secretariat).get("/api/v1/council/seats")
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert len(items) == 10
    kz1 = next(i for i in items if (i["state"], i["number"]) == ("KZ", 1))
    assert kz1 == {"state": "KZ", "number": 1, "assigned": False,
                   "titular": {"id": council.titular["KZ"].id, "name": council.titular["KZ"].name}}
    kz2 = next(i for i in items if (i["state"], i["number"]) == ("KZ", 2))
    assert kz2["titular"] is None


def test_an_administrator_names_the_second_seats_titular_and_it_is_audited(api, council):
    second = make_user("council_member:KZ")
    admin = make_user("admin")
    response = api(admin).post("/api/v1/council/seats",
                               json={"state": "kz", "number": 2, "titular_id": second.id})
    assert response.status_code == 200
    body = response.get_json()
    assert body["assigned"] is True and body["titular"]["id"] == second.id
    assert seat_of(second) == Seat("KZ", 2)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "council_seat.assign")
                              .order_by(AuditEntry.seq.desc()))
    assert entry.actor == f"user:{admin.id}" and entry.data["titular"] == second.id


@pytest.mark.parametrize(("body", "field"), [
    ({"state": "ZZ", "number": 1}, "seat"),
    ({"state": "KZ", "number": 3}, "seat"),
    ({"state": "KZ", "number": True}, "seat"),
    ({"state": "KZ"}, "seat"),
    ({"state": "KZ", "number": 1, "titular_id": 999999}, "titular_id"),
    ({"state": "KZ", "number": 1, "titular_id": "x"}, "titular_id"),
])
def test_a_bad_seat_or_titular_answers_422(api, council, body, field):
    response = api(council.secretariat).post("/api/v1/council/seats", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_a_titular_must_be_a_council_member_of_the_state(api, council):
    response = api(council.secretariat).post("/api/v1/council/seats", json={
        "state": "KZ", "number": 1, "titular_id": council.titular["RU"].id})
    assert response.status_code == 422 and "titular" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("who", ["titular", "alternate", "expert"])
def test_others_may_not_see_or_change_the_seats(api, council, who):
    user = {"titular": council.titular["KZ"], "alternate": council.alternate["KZ"],
            "expert": make_user("expert")}[who]
    caller = api(user)
    assert caller.get("/api/v1/council/seats").status_code == 403
    assert caller.post("/api/v1/council/seats", json={"state": "KZ", "number": 1,
                                                       "titular_id": user.id}).status_code == 403
    assert api(None).get("/api/v1/council/seats").status_code == 401


def test_the_secretariat_names_a_titular_on_the_seats_page(app, council):
    secretariat = make_user("secretariat", with_totp=True)
    second = make_user("council_member:BY")
    member = make_user("council_member:AM", with_totp=True)
    db.session.commit()
    client = signed_in(app, secretariat)
    page = client.get("/council/seats")
    assert page.status_code == 200 and second.name in page.get_data(as_text=True)
    response = client.post("/council/seats/BY/2", data={"titular": str(second.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert seat_of(second) == Seat("BY", 2)
    assert signed_in(app, member).get("/council/seats").status_code == 403
