"""The registry of organisations and clusters (the triple helix of DESIGN 4.7)."""
