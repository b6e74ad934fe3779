"""A fast vector (the fast encoder's part alone) stands for a full one as
:mod:`portal.matching.fast` documents: against a full vector its dot product is the fast
encoder's cosine, and centring never touches the part it lacks. Pure: vectors only."""

from __future__ import annotations

import numpy as np
import pytest

from portal.matching import fast
from portal.matching.encoders import LexicalEncoder, Role
from portal.matching.index import MEAN_MIN_TEXTS, Profile, centre, centring_means, normalise

PARTS = (512, 384)
FAST, SLOW = slice(0, 512), slice(512, 896)


def _unit(rng, width):
    vector = rng.normal(size=width).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _cos(a, b):
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


@pytest.fixture
def pair():
    """Two texts' raw full vectors: each part of unit length, as the paired encoder gives."""
    rng = np.random.default_rng(7)
    return [np.concatenate([_unit(rng, 512), _unit(rng, 384)]) for _ in range(2)]


def _fast_only(vector):
    return np.concatenate([vector[FAST], np.zeros(384, np.float32)])


def test_two_full_vectors_meet_at_the_mean_of_the_encoders_cosines(pair):
    a, b = normalise(np.stack(pair), PARTS)
    assert np.linalg.norm(a) == pytest.approx(1, abs=1e-6)
    expected = (_cos(pair[0][FAST], pair[1][FAST]) + _cos(pair[0][SLOW], pair[1][SLOW])) / 2
    assert float(a @ b) == pytest.approx(expected, abs=1e-6)


def test_a_fast_vector_meets_a_full_one_at_the_fast_encoders_cosine(pair):
    full, fast_row = normalise(np.stack([pair[0], _fast_only(pair[1])]), PARTS)
    assert float(full @ fast_row) == pytest.approx(_cos(pair[0][FAST], pair[1][FAST]), abs=1e-6)
    assert not fast_row[SLOW].any()


def test_two_fast_vectors_would_meet_at_twice_the_fast_cosine_so_a_seeker_is_never_fast(pair):
    a, b = normalise(np.stack([_fast_only(v) for v in pair]), PARTS)
    assert float(a @ b) == pytest.approx(2 * _cos(pair[0][FAST], pair[1][FAST]), abs=1e-5)


def test_a_part_is_centred_on_the_mean_of_the_rows_that_have_it():
    rng = np.random.default_rng(3)
    full = np.stack([np.concatenate([_unit(rng, 512), _unit(rng, 384)])
                     for _ in range(MEAN_MIN_TEXTS)])
    fast_rows = np.stack([_fast_only(np.concatenate([_unit(rng, 512), _unit(rng, 384)]))
                          for _ in range(MEAN_MIN_TEXTS)])
    profiles = [Profile(1, "RU", "RU-MOW", "enterprise", "ru", (), needs=np.zeros((0, 896)),
                        offers=np.vstack([full, fast_rows]))]
    mean = np.asarray(centring_means(profiles, 896, PARTS)["ru/offer"], np.float32)
    assert np.allclose(mean[FAST], np.vstack([full, fast_rows])[:, FAST].mean(0), atol=1e-6)
    assert np.allclose(mean[SLOW], full[:, SLOW].mean(0), atol=1e-6)  # not diluted by zeros
    centred = centre(fast_rows, "ru", Role.OFFER, {"ru/offer": mean}, PARTS)
    assert not centred[:, SLOW].any()
    expected = normalise(fast_rows[:, FAST] - mean[FAST]) * np.sqrt(2)
    assert np.allclose(centred[:, FAST], expected, atol=1e-5)


def test_a_part_with_fewer_rows_than_the_minimum_is_not_centred():
    rng = np.random.default_rng(5)
    rows = np.stack([_fast_only(np.concatenate([_unit(rng, 512), _unit(rng, 384)]))
                     for _ in range(MEAN_MIN_TEXTS)])
    rows[0, SLOW] = _unit(rng, 384)  # one full row: too few for the slow part's mean
    profiles = [Profile(1, "RU", "RU-MOW", "enterprise", "ru", (), needs=rows,
                        offers=np.zeros((0, 896)))]
    mean = np.asarray(centring_means(profiles, 896, PARTS)["ru/need"])
    assert mean[FAST].any() and not mean[SLOW].any()


def test_a_fast_vector_takes_its_place_in_the_full_layout():
    class Member:
        def __init__(self, name, dim):
            self.name, self.dim, self.parts = name, dim, (dim,)

    class Paired:
        members = (Member(fast.FAST_MODEL, 4), Member("slow-model", 3))
        name, parts = f"{fast.FAST_MODEL}+slow-model", (4, 3)

    layout = fast.layout_of(Paired())
    assert (layout.start, layout.end, layout.dim) == (0, 4, 7)
    placed = fast.in_full_layout(np.ones(4, np.float32), fast.FAST_MODEL, layout)
    assert placed.tolist() == [1, 1, 1, 1, 0, 0, 0]
    full = np.arange(7, dtype=np.float32)
    assert fast.in_full_layout(full, Paired.name, layout) is full
    assert fast.stored_models(Paired.name) == (Paired.name, fast.FAST_MODEL)


def test_a_single_encoder_has_nothing_to_refine():
    assert fast.layout_of(LexicalEncoder()) is None
    assert fast.stored_models(fast.FAST_MODEL) == (fast.FAST_MODEL,)
    assert fast.stored_models("me5-small-q4") == ("me5-small-q4",)
