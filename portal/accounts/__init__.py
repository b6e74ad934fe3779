"""Accounts: users, scoped roles, sign-in with two-factor, invitations, registration, API tokens."""
