"""A labelled set of six organisations and two seekers, small enough to score by hand.

Word overlap (Jaccard of the lower-cased ``\\w+`` tokens of the seeker's needs and the
candidate's offers):

* seeker ``s`` (RU, English) needs {steel, pipes, welding}; relevant: ``c`` (grade 2, writes in
  Russian: the query is cross-lingual) and ``b`` (grade 1). Candidates (not RU): ``a`` offers
  {steel, pipes, for, gas}: 2/5 = 0.4; ``b`` {welding, services}: 1/4; ``c`` (Russian) 0;
  ``d`` {gas, meters} 0. Ranked a, b, c, d (c before d: ties by ref). P@5 = 2/5; R@10 = 1;
  nDCG@10 = (1/log2 3 + 2/log2 4) / (2 + 1/log2 3).
* seeker ``d`` (KG, English) needs {welding, services}; relevant: ``b`` (grade 2, English: the
  query is same-language). Candidates (not KG): ``b`` 1.0, ``s`` {pipe, welding, training} 1/4,
  then ``a``, ``c``, ``e`` at 0. P@5 = 1/5; R@10 = 1; nDCG@10 = 1.
* ``e`` is in the seeker ``s``'s own state: never its candidate, though its offer shares words.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

ORGANISATIONS = [
    {"ref": "a", "name": "Karaganda Pipe", "country": "KZ", "region": "KZ-35", "kind": "enterprise",
     "language": "en", "offers": ["Steel pipes for gas"], "needs": []},
    {"ref": "b", "name": "Vitebsk Weld", "country": "BY", "region": "BY-VI", "kind": "enterprise",
     "language": "en", "offers": ["Welding services"], "needs": []},
    {"ref": "c", "name": "Ереванские трубы", "country": "AM", "region": "AM-ER",
     "kind": "enterprise", "language": "ru", "offers": ["Стальные трубы"], "needs": []},
    {"ref": "d", "name": "Bishkek Meters", "country": "KG", "region": "KG-C", "kind": "enterprise",
     "language": "en", "offers": ["Gas meters"], "needs": ["Welding services"]},
    {"ref": "e", "name": "Moscow Pipe", "country": "RU", "region": "RU-MOW", "kind": "enterprise",
     "language": "en", "offers": ["Steel pipes"], "needs": []},
    {"ref": "s", "name": "Smolensk Works", "country": "RU", "region": "RU-SMO",
     "kind": "enterprise", "language": "en", "offers": ["Pipe welding training"],
     "needs": ["steel pipes", "welding"]},
]
QUERIES = [{"seeker": "s", "relevant": {"c": 2, "b": 1}},
           {"seeker": "d", "relevant": {"b": 2}}]

S_NDCG = (1 / math.log2(3) + 2 / math.log2(4)) / (2 + 1 / math.log2(3))
#: The word-overlap baseline by group: (n, P@5, R@10, nDCG@10).
WORD_OVERLAP = {"all": (2, (2 / 5 + 1 / 5) / 2, 1.0, (S_NDCG + 1.0) / 2),
                "cross-lingual": (1, 2 / 5, 1.0, S_NDCG),
                "same-language": (1, 1 / 5, 1.0, 1.0)}


def write(folder: Path) -> Path:
    """The set as the files ``portal matching evaluate`` reads."""
    for name, records in (("organisations.jsonl", ORGANISATIONS), ("queries.jsonl", QUERIES)):
        (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                           for r in records), encoding="utf-8")
    return folder
