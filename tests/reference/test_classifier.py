"""The cross-border classifier of DESIGN 4.1, on the border pairs the portal carries."""

import csv
from pathlib import Path

import pytest

from portal.reference.classifier import Classification, classify

DATA = Path(__file__).resolve().parents[2] / "portal" / "reference" / "data"


@pytest.fixture(scope="module")
def borders():
    with (DATA / "eaeu_border_pairs.csv").open(encoding="utf-8") as handle:
        return [(row["region_a"], row["region_b"]) for row in csv.DictReader(handle)]


def test_one_state_is_national(borders):
    result = classify(["RU-SMO", "RU-BRY"], borders)
    assert result.classification is Classification.NATIONAL
    assert result.border_pairs == ()
    assert result.states == ("RU",)


def test_two_bordering_regions_are_cross_border_and_show_their_pair(borders):
    result = classify(["BY-VI", "RU-SMO"], borders)
    assert result.classification is Classification.CROSS_BORDER
    assert result.border_pairs == (("BY-VI", "RU-SMO"),)
    assert result.states == ("BY", "RU")


def test_three_regions_each_bordering_another_state_are_cross_border(borders):
    result = classify(["RU-ALT", "KZ-55", "KZ-10"], borders)
    assert result.classification is Classification.CROSS_BORDER
    assert set(result.border_pairs) == {("KZ-10", "RU-ALT"), ("KZ-55", "RU-ALT")}


def test_a_member_without_a_bordering_partner_makes_it_transnational(borders):
    result = classify(["BY-VI", "RU-SMO", "KZ-79"], borders)
    assert result.classification is Classification.TRANSNATIONAL
    assert result.border_pairs == (("BY-VI", "RU-SMO"),)


def test_bordering_only_within_the_same_state_does_not_count(borders):
    # RU-KLU borders RU-SMO, but neither borders Belarus's Minsk region
    result = classify(["RU-KLU", "RU-SMO", "BY-HM"], borders)
    assert result.classification is Classification.TRANSNATIONAL


def test_armenia_is_always_transnational(borders):
    result = classify(["AM-ER", "RU-SPE"], borders)
    assert result.classification is Classification.TRANSNATIONAL
    assert result.border_pairs == ()


def test_repeated_regions_count_once(borders):
    result = classify(["KG-C", "KG-C", "KZ-31"], borders)
    assert result.classification is Classification.CROSS_BORDER
    assert result.states == ("KG", "KZ")


def test_three_states_earn_the_eurasian_programme_mark(borders):
    assert classify(["RU-KLU", "BY-HM", "KZ-79"], borders).eurasian_programme
    assert not classify(["RU-KLU", "BY-HM"], borders).eurasian_programme


def test_border_pairs_are_symmetric(borders):
    forwards = classify(["RU-ORE", "KZ-27"], borders)
    backwards = classify(["KZ-27", "RU-ORE"], [(b, a) for a, b in borders])
    assert forwards == backwards
    assert forwards.classification is Classification.CROSS_BORDER
