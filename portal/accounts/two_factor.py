"""TOTP two-factor sign-in (RFC 6238), with each code accepted at most once."""

from __future__ import annotations

import hmac
import io
import time

import pyotp
import qrcode
import qrcode.image.svg

from portal.accounts.models import User
from portal.accounts.roles import TWO_FACTOR_ROLES, Role

ISSUER = "EAEU Cluster Portal"
STEP = 30


def requires_two_factor(user: User) -> bool:
    return any(Role(r.role) in TWO_FACTOR_ROLES for r in user.roles)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def current_code(secret: str, at: float | None = None) -> str:
    return pyotp.TOTP(secret).at(at if at is not None else time.time())


def accepted_step(secret: str, code: str, last_step: int | None, at: float | None = None) -> int | None:
    """The time step ``code`` belongs to (this one or the one before or after), if it is valid
    and newer than ``last_step``; ``None`` otherwise."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    now = at if at is not None else time.time()
    totp = pyotp.TOTP(secret)
    current = int(now // STEP)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * STEP), code) and (last_step is None or step > last_step):
            return step
    return None
