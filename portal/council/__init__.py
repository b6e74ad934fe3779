"""Council voting and decisions (DESIGN 4.6)."""
