"""Proposals to a call: drafting with partners, confirmation and endorsement, submission and the
automatic eligibility check (DESIGN 4.3 and 4.4)."""
