"""Benchmarks: they print figures and never fail on timing. Run with ``make bench``."""
