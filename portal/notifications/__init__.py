"""E-mail through an outbox: written with the change that causes it, delivered by the worker."""
