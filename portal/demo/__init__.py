"""Demo data for newcomers: clusters inspired by real ones, fictional organisations, every role."""
