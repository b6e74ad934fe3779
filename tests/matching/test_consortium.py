"""Partner suggestions for a draft consortium: the consortium's view of a candidate (pure), the
ranking on the hand-made set, ``GET /api/v1/proposals/{id}/matches`` and the proposal page."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts import tokens
from portal.extensions import db
from portal.matching.encoders import get_encoder
from portal.matching.models import OrganisationVector
from portal.matching.scoring import DEFAULT_WEIGHTS, Features, score
from portal.matching.services import Match, embed_organisations, rebuild_index
from portal.proposals.consortium import (
    Candidate,
    Consortium,
    Member,
    adjust,
    consortium_suggestions,
    find_consortium_matches,
)
from portal.proposals.models import Proposal, ProposalPartner
from portal.proposals.workflow import ProposalStatus
from portal.registry.models import Organisation, ProfileStatus
from tests.factories import PASSWORD, make_organisation, make_proposal, make_user
from tests.pages import signed_in

SMOLENSK = Member(1, "Smolensk Devices", "RU", "RU-SMO", "enterprise",
                  needs=("sterilisation",), offers=("moulding",))
ALMATY = Member(2, "Almaty Institute", "KZ", "KZ-75", "research_institute",
                needs=("moulds",), offers=("irradiation",))
BORDERS = frozenset({frozenset(("RU-SMO", "BY-VI"))})


def _match(**values) -> Match:
    features = Features(need_offer=0.8)
    return Match(organisation_id=9, score=score(features), relation="transnational",
                 features=features, **values)


# --- the consortium's view of a candidate: pure -----------------------------------------------

def test_the_consortium_pools_its_partners_and_the_calls_fields():
    consortium = Consortium((SMOLENSK, ALMATY), frozenset({"nuclear_radiation"}))
    seeker = consortium.seeker()
    assert seeker.organisation_id == 1 and seeker.region == "RU-SMO"
    assert seeker.need_texts == ("sterilisation", "moulds")
    assert seeker.offer_texts == ("moulding", "irradiation")
    assert consortium.states == {"RU", "KZ"}
    assert consortium.helix_roles == {"business", "academia"}
    assert "nuclear_radiation" in seeker.technology_fields
    assert consortium.owner_of_need("moulds") is ALMATY


def test_a_candidate_from_a_new_bordering_state_gains_and_says_whose_region_it_borders():
    consortium = Consortium((ALMATY, SMOLENSK))
    adjusted = adjust(_match(need="sterilisation"), consortium,
                      Candidate("BY", "BY-VI", "enterprise"), BORDERS)
    assert adjusted.relation == "cross_border"
    assert adjusted.new_state == "BY" and adjusted.border == ("RU-SMO", "BY-VI")
    assert adjusted.border_member == "Smolensk Devices" and adjusted.need_of == "Smolensk Devices"
    assert adjusted.helix_role is None  # the consortium has an enterprise already
    assert adjusted.score == round(0.8 + DEFAULT_WEIGHTS.new_state + DEFAULT_WEIGHTS.border, 4)


def test_a_candidate_from_a_state_already_in_it_is_ranked_but_gains_nothing_for_it():
    adjusted = adjust(_match(), Consortium((SMOLENSK, ALMATY)),
                      Candidate("KZ", "KZ-39", "enterprise"), BORDERS)
    assert adjusted.relation == "same_state" and adjusted.new_state is None
    assert adjusted.score == 0.8


def test_only_a_helix_role_no_partner_has_counts():
    consortium = Consortium((SMOLENSK,))
    university = adjust(_match(), consortium, Candidate("KZ", "KZ-75", "university"), BORDERS)
    assert university.helix_role == "academia" and university.features.helix_complement
    with_academia = Consortium((SMOLENSK, ALMATY))
    again = adjust(_match(), with_academia, Candidate("KG", "KG-C", "university"), BORDERS)
    assert again.helix_role is None and not again.features.helix_complement
    assert university.score - again.score == pytest.approx(DEFAULT_WEIGHTS.helix)


def test_the_new_state_weight_is_small_beside_a_met_need():
    assert DEFAULT_WEIGHTS.new_state <= DEFAULT_WEIGHTS.border < DEFAULT_WEIGHTS.need_offer / 10


# --- ranking on the hand-made set -------------------------------------------------------------

def _draft(matching_set, *keys, status=ProposalStatus.DRAFT):
    partners = [db.session.get(Organisation, matching_set[key]) for key in keys]
    proposal = make_proposal(partners=partners, status=status)
    db.session.commit()
    return proposal


def test_current_partners_are_never_suggested_and_every_state_is_ranked(matching_set):
    proposal = _draft(matching_set, "seeker", "kostanay")
    matches = find_consortium_matches(proposal, limit=None)
    ids = [m.organisation_id for m in matches]
    assert matching_set["seeker"] not in ids and matching_set["kostanay"] not in ids
    # the two offers that meet the need lead, Moscow's from a state already in the consortium
    assert set(ids[:2]) == {matching_set["moscow"], matching_set["vitebsk"]}
    by_id = {m.organisation_id: m for m in matches}
    vitebsk = by_id[matching_set["vitebsk"]]
    assert vitebsk.features.new_state and vitebsk.features.borders
    assert not by_id[matching_set["moscow"]].features.new_state
    relations = {m.organisation_id: m.relation for m in matches}
    assert relations[matching_set["vitebsk"]] == "cross_border"
    assert relations[matching_set["almaty"]] == "same_state"  # Kostanay is in Kazakhstan
    assert relations[matching_set["moscow"]] == "same_state"


def test_reasons_name_the_partner_whose_need_is_met_and_quote_both_texts(matching_set):
    proposal = _draft(matching_set, "seeker", "kostanay")
    with force_locale("en"):
        rows = consortium_suggestions(proposal, limit=3)
    reasons = next(r for m, o, r in rows if o.name == "Vitebsk Beam")
    assert reasons[0] == ("offers “Electron-beam sterilisation of single-use medical devices”, "
                          "which meets the need of Смоленские изделия for “Радиационная "
                          "стерилизация одноразовых медицинских изделий”")
    assert "would bring Belarus into the consortium, which has no partner there yet" in reasons
    assert any(r.startswith("borders the region of Смоленские изделия (") for r in reasons)
    almaty = next(r for m, o, r in rows if o.name == "Almaty Irradiation")
    assert ("brings the research and education side of the triple helix, which the consortium "
            "lacks") in almaty


# --- the API ------------------------------------------------------------------------------------

def _token(user) -> dict:
    _row, token = tokens.create_token(user, "test", user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_the_api_gives_the_items_of_api_md_to_an_applicant_and_the_secretariat(
        client, matching_set):
    proposal = _draft(matching_set, "seeker", "kostanay")
    for user in (proposal.created_by, make_user("secretariat")):
        response = client.get(f"/api/v1/proposals/{proposal.id}/matches?limit=2",
                              headers=_token(user))
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        assert body["total"] == len(body["items"]) == 2 and body["per_page"] == 2
        item = body["items"][0]
        assert set(item) == {"organisation", "score", "relation", "reasons"}
        assert set(item["organisation"]) == {"id", "name", "state", "region", "kind",
                                             "external_ref"}
        relations = {i["organisation"]["name"]: i["relation"] for i in body["items"]}
        assert relations == {"Московская стерилизация": "same_state", "Vitebsk Beam": "cross_border"}
        assert body["items"][0]["score"] >= body["items"][1]["score"]


def test_the_api_refuses_others_and_a_submitted_proposal(client, matching_set):
    proposal = _draft(matching_set, "seeker", "kostanay")
    url = f"/api/v1/proposals/{proposal.id}/matches"
    partner_member = make_user(f"org_member:{matching_set['kostanay']}")
    assert client.get(url, headers=_token(partner_member)).status_code == 403
    outsider = make_user(f"org_member:{matching_set['almaty']}")
    assert client.get(url, headers=_token(outsider)).status_code == 404
    assert client.get("/api/v1/proposals/999999/matches",
                      headers=_token(proposal.created_by)).status_code == 404
    applicant = _token(proposal.created_by)
    assert client.get(url + "?limit=51", headers=applicant).status_code == 400
    submitted = _draft(matching_set, "seeker", "vitebsk", status=ProposalStatus.SUBMITTED)
    response = client.get(f"/api/v1/proposals/{submitted.id}/matches",
                          headers=_token(submitted.created_by))
    assert response.status_code == 409


# --- the proposal page --------------------------------------------------------------------------

def _sign_in(client, user):
    db.session.commit()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_an_applicant_sees_the_suggestions_and_adds_one_as_a_partner(client, matching_set):
    proposal = _draft(matching_set, "seeker", "kostanay")
    _sign_in(client, proposal.created_by)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Suggested partners" in page and "Vitebsk Beam" in page
    assert "which meets the need of Смоленские изделия" in page
    vitebsk = matching_set["vitebsk"]
    action = f'action="/proposals/{proposal.id}/partners/{vitebsk}/add"'
    assert action in page
    response = client.post(f"/proposals/{proposal.id}/partners/{vitebsk}/add",
                           data={"version": str(proposal.version)})
    assert response.status_code == 302
    db.session.expire_all()
    partners = db.session.scalars(select(ProposalPartner.organisation_id).where(
        ProposalPartner.proposal_id == proposal.id)).all()
    assert sorted(partners) == sorted([matching_set["seeker"], matching_set["kostanay"], vitebsk])
    budgets = db.session.scalars(select(ProposalPartner).where(
        ProposalPartner.proposal_id == proposal.id)).all()
    assert [len(p.budget) for p in budgets if p.organisation_id != vitebsk] == [1, 1]
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert action not in page  # a partner now, no longer suggested


def test_adding_with_a_stale_version_changes_nothing(client, matching_set):
    proposal = _draft(matching_set, "seeker", "kostanay")
    _sign_in(client, proposal.created_by)
    stale = proposal.version - 1
    response = client.post(f"/proposals/{proposal.id}/partners/{matching_set['vitebsk']}/add",
                           data={"version": str(stale)}, follow_redirects=True)
    assert "Someone else changed this proposal" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(Proposal, proposal.id).partners) == 2


def test_the_secretariat_sees_them_without_the_button_and_a_partner_member_not_at_all(
        app, client, matching_set):
    proposal = _draft(matching_set, "seeker", "kostanay")
    secretariat = make_user("secretariat", with_totp=True)
    db.session.commit()
    page = signed_in(app, secretariat).get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Suggested partners" in page and "Vitebsk Beam" in page
    assert "/add\"" not in page
    partner_member = make_user(f"org_member:{matching_set['kostanay']}")
    _sign_in(client, partner_member)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Suggested partners" not in page


def test_a_submitted_proposal_shows_no_suggestions_and_refuses_an_addition(client, matching_set):
    proposal = _draft(matching_set, "seeker", "kostanay", status=ProposalStatus.SUBMITTED)
    _sign_in(client, proposal.created_by)
    assert "Suggested partners" not in client.get(f"/proposals/{proposal.id}").get_data(
        as_text=True)
    response = client.post(f"/proposals/{proposal.id}/partners/{matching_set['vitebsk']}/add",
                           data={"version": str(proposal.version)}, follow_redirects=True)
    assert "it has been submitted" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(Proposal, proposal.id).partners) == 2


def test_a_partner_not_embedded_yet_is_encoded_with_the_indexs_own_encoder(session):
    """The index may be built by another encoder than the app's default (here the lexical one):
    a partner's texts without a stored vector are encoded with the index's encoder, not stored."""
    published = {"status": ProfileStatus.PUBLISHED}
    lead = make_organisation("RU", "RU-ALT", needs=["Liquorice root extract for cough syrups"],
                             **published)
    partner = make_organisation("AM", "AM-ER", offers=["Herbal tea blends"], **published)
    semey = make_organisation("KZ", "KZ-10", name="Semey Liquorice",
                              offers=["Liquorice root extract for syrups and lozenges"],
                              **published)
    other = make_organisation("BY", "BY-HM", offers=["Steel pipes for oil and gas"], **published)
    encoder = get_encoder("lexical")
    embed_organisations([semey.id, other.id], encoder)
    db.session.commit()
    rebuild_index(encoder)
    proposal = make_proposal(partners=[lead, partner])
    db.session.commit()
    stored = db.session.scalars(select(OrganisationVector.id).where(
        OrganisationVector.organisation_id == lead.id)).all()
    matches = find_consortium_matches(proposal, limit=None)
    assert matches[0].organisation_id == semey.id
    assert matches[0].need == "Liquorice root extract for cough syrups"
    assert matches[0].need_of == lead.name
    assert db.session.scalars(select(OrganisationVector.id).where(
        OrganisationVector.organisation_id == lead.id)).all() == stored == []
