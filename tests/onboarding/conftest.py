"""Onboarding tests read the pages in English, with the same clients as the accounts tests."""

from tests.accounts.conftest import another_client, client, in_request  # noqa: F401  (fixtures)
