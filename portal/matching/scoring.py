"""How a candidate's features combine into one score: a pure function, readable in one screen.

The weights are round numbers chosen for what each signal means, not fitted per query:

* ``need_offer`` (1.0): the best cosine between one of the seeker's needs and one of the
  candidate's offers, each embedded on its own (a need is met by one offer, not by the average
  of a profile);
* ``need_description`` (0.3): the best cosine between a need and the candidate's description,
  which often names the capability the offers only imply;
* ``technology`` (0.1): the Jaccard overlap of the technology fields;
* ``reverse`` (0.05): the same as ``need_offer`` the other way round (the candidate's needs
  against the seeker's offers): cooperation runs both ways, but the seeker asked for its needs;
* ``border`` (0.05): the candidate's region borders the seeker's (DESIGN 4.7: a plus);
* ``helix`` (0.03): the candidate brings a helix role the seeker (or its consortium) lacks;
* ``new_state`` (0.05): for a draft consortium only, the candidate is in a member state that no
  partner is in yet: a consortium across more borders is what the programme funds (DESIGN 4.1),
  so a partner from a new state is a plus, as large as a bordering region and never enough to
  lift a candidate whose offers do not meet the consortium's needs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    need_offer: float = 1.0
    need_description: float = 0.3
    technology: float = 0.1
    reverse: float = 0.05
    border: float = 0.05
    helix: float = 0.03
    new_state: float = 0.05


@dataclass(frozen=True)
class Features:
    need_offer: float = 0.0
    need_description: float = 0.0
    technology: float = 0.0
    reverse: float = 0.0
    borders: bool = False
    helix_complement: bool = False
    new_state: bool = False


DEFAULT_WEIGHTS = Weights()


def score(features: Features, weights: Weights = DEFAULT_WEIGHTS) -> float:
    return (weights.need_offer * features.need_offer
            + weights.need_description * features.need_description
            + weights.technology * features.technology
            + weights.reverse * features.reverse
            + weights.border * features.borders
            + weights.helix * features.helix_complement
            + weights.new_state * features.new_state)

