"""Secrets kept at rest (the TOTP secrets): Fernet, with the keys of ``PORTAL_ENCRYPTION_KEY``.

Fernet is AES-128-CBC with an HMAC-SHA256 and a random IV, so the same secret never encrypts to
the same text. The setting holds comma-separated keys: the first encrypts, every one decrypts,
so a key is rotated by putting a new one first (and re-saving the secrets).
"""

from __future__ import annotations

from cryptography.fernet import Fernet, MultiFernet
from flask import current_app


def _fernet() -> MultiFernet:
    keys = current_app.config["PORTAL_ENCRYPTION_KEY"].split(",")
    return MultiFernet([Fernet(key.strip()) for key in keys])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """The text of ``token``; :class:`cryptography.fernet.InvalidToken` when no key opens it
    (a wrong key must stop the sign-in, never turn two-factor off)."""
    return _fernet().decrypt(token.encode()).decode()
