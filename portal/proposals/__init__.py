"""Joint proposals: the consortium, budget, indicators, snapshots and the workflow (DESIGN 4.3, 4.4)."""
