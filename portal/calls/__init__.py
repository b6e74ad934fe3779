"""Calls for joint proposals, opened by the secretariat (DESIGN 4.2)."""
