"""Cooperation ads and expressions of interest (DESIGN 4.7)."""
