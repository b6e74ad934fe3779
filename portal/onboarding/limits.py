"""The rate limit of the onboarding pages' public posts."""

#: Public form posts (registration, password reset, invitations): per client address.
ONBOARDING_LIMIT = "5 per minute; 30 per hour"
