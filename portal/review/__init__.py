"""Independent review: expert assignment, conflicts of interest, scores and the consensus
report (DESIGN 4.5)."""
