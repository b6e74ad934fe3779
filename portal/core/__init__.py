"""What every feature shares: the database base, the after-commit job queue, the audit log,
permission helpers, languages, errors and security headers."""
