"""The home page and each role's dashboard: what is waiting for me."""
