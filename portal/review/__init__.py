"""Expert review (DESIGN 4.5): experts assigned to each eligible proposal without conflicts of
interest, their scores per criterion, and the consolidation the rapporteur starts from.

The two rules that need no database are pure functions, readable on their own:
:mod:`portal.review.assignment` (who reviews which proposal) and :mod:`portal.review.scoring`
(validating score sheets, weighted totals, thresholds and the disagreement flag).
"""
