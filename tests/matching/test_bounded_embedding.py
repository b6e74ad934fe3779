"""The matcher's work for one profile is capped whatever the profile holds: its first needs and
offers are embedded, and an encoder reads only the start of each text."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import func, select

from portal.core.caps import EMBEDDED_TEXTS_PER_KIND, ENCODED_CHARACTERS
from portal.extensions import db
from portal.matching.encoders import Role, get_encoder, text_hash
from portal.matching.models import OrganisationVector, VectorKind
from portal.matching.services import (
    current_index,
    embed_organisation,
    rebuild_index,
    text_vectors,
)
from portal.registry.models import ProfileStatus
from tests.factories import make_organisation


@pytest.fixture
def lexical(app):
    with app.app_context():
        return get_encoder("lexical")


def _positions(organisation_id: int, kind: VectorKind) -> list[int]:
    return list(db.session.scalars(select(OrganisationVector.position).where(
        OrganisationVector.organisation_id == organisation_id, OrganisationVector.kind == str(kind))
        .order_by(OrganisationVector.position)))


def test_only_the_first_needs_and_offers_of_a_profile_are_embedded(session, lexical):
    organisation = make_organisation(
        status=ProfileStatus.PUBLISHED, description="Contract sterilisation",
        offers=["", "   "] + [f"Offer {i}: gamma irradiation of batch {i}" for i in range(500)],
        needs=[f"Need {i}: polymer packaging of size {i}" for i in range(500)])
    embed_organisation(organisation.id, lexical)
    assert _positions(organisation.id, VectorKind.OFFER) == list(range(2, 2 + EMBEDDED_TEXTS_PER_KIND))
    assert _positions(organisation.id, VectorKind.NEED) == list(range(EMBEDDED_TEXTS_PER_KIND))
    assert _positions(organisation.id, VectorKind.DESCRIPTION) == [0]


def test_a_stored_text_that_is_not_a_string_is_passed_over(session, lexical):
    organisation = make_organisation(status=ProfileStatus.PUBLISHED,
                                     offers=["Gamma irradiation", 42, None, {"text": "x"}, "Cleanroom"],
                                     needs=[["Packaging"]])
    assert embed_organisation(organisation.id, lexical) == 2
    assert _positions(organisation.id, VectorKind.OFFER) == [0, 4]


@pytest.mark.parametrize("choice", ["lexical", "auto"])
def test_an_encoder_reads_only_the_start_of_a_long_text(app, choice):
    start = "Радиационная стерилизация одноразовых медицинских изделий. " * 40
    assert len(start) > ENCODED_CHARACTERS
    with app.app_context():
        encoder = get_encoder(choice)
    long, capped = encoder.encode([start + "Поставки пшеницы. " * 200, start[:ENCODED_CHARACTERS]],
                                  Role.OFFER)
    assert np.allclose(long, capped, atol=1e-5)


def test_vectors_beyond_the_caps_left_by_an_older_version_stay_out_of_the_index_until_deleted(
        session, lexical):
    organisation = make_organisation(status=ProfileStatus.PUBLISHED,
                                     offers=["Gamma irradiation", "Cleanroom assembly"])
    embed_organisation(organisation.id, lexical)
    vector = np.ones(lexical.dim, "<f4").tobytes()
    for position in range(2, 2 + 2 * EMBEDDED_TEXTS_PER_KIND):
        db.session.add(OrganisationVector(organisation_id=organisation.id, kind="offer",
                                          position=position, text_hash=text_hash(lexical.name, "old"),
                                          vector=vector, model=lexical.name))
    db.session.commit()

    rebuild_index(lexical)
    index = current_index()
    assert len(index.offers.of_organisation(index.row_of[organisation.id])) == EMBEDDED_TEXTS_PER_KIND

    embed_organisation(organisation.id, lexical)
    assert db.session.scalar(select(func.count()).select_from(OrganisationVector).where(
        OrganisationVector.organisation_id == organisation.id)) == 2


def test_a_seeker_with_thousands_of_offers_is_ranked_on_its_first_ones_only(session, lexical):
    make_organisation(status=ProfileStatus.PUBLISHED, offers=["Gamma irradiation"])
    db.session.commit()
    rebuild_index(lexical)
    seeker = make_organisation(status=ProfileStatus.PUBLISHED,
                               needs=[f"Need {i}: sterilisation of lot {i}" for i in range(2_000)],
                               offers=[f"Offer {i}: packaging of lot {i}" for i in range(2_000)])
    vectors = text_vectors(seeker, current_index())
    assert len(vectors.needs) == len(vectors.need_rows) == EMBEDDED_TEXTS_PER_KIND
    assert len(vectors.offers) == len(vectors.offer_rows) == EMBEDDED_TEXTS_PER_KIND


def test_the_encoder_runs_holding_no_transaction_and_an_edit_meanwhile_is_kept(session, lexical):
    """On SQLite every transaction holds the one write lock: a slow encoder's batch must not.
    A text edited while it encodes is not overwritten with the old text's vector."""
    organisation = make_organisation(status=ProfileStatus.PUBLISHED, description="",
                                     offers=["Gamma irradiation"], needs=["Polymer packaging"])
    organisation_id = organisation.id

    class Editing:
        name, seen = lexical.name, []

        def encode(self, texts, role):
            self.seen.append(db.session().in_transaction())
            edited = db.session.get(type(organisation), organisation_id)
            edited.needs = ["Sterile barrier pouches"]
            db.session.commit()
            return lexical.encode(texts, role)

    assert embed_organisation(organisation_id, Editing()) == 2
    assert Editing.seen == [False, False]
    need = db.session.scalar(select(OrganisationVector).where(
        OrganisationVector.organisation_id == organisation_id,
        OrganisationVector.kind == str(VectorKind.NEED)))
    assert need is None  # the old text's vector was not stored; the edit's own task embeds it
    assert embed_organisation(organisation_id, lexical) == 1
    assert _positions(organisation_id, VectorKind.NEED) == [0]
