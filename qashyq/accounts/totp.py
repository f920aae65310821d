"""TOTP second factor (RFC 6238) as pure functions: secrets, codes, QR images (SEC-1).

No database here: services decide what a matching step means for the account.
"""

from __future__ import annotations

import base64
import hmac
from datetime import datetime

import pyotp
import qrcode
from qrcode.image.svg import SvgPathFillImage

ISSUER = "Qashyq"
# A code is accepted one 30-second step either side of now (clock drift).
VALID_WINDOW = 1


def secret_new() -> str:
    """A fresh random base32 secret (160 bits)."""
    return str(pyotp.random_base32())


def provisioning_uri(*, secret: str, account_name: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return str(pyotp.TOTP(secret).provisioning_uri(name=account_name, issuer_name=ISSUER))


def qr_svg_data_uri(uri: str) -> str:
    """The QR code of `uri` as an SVG `data:` URI (the CSP allows data: images only)."""
    image = qrcode.make(uri, image_factory=SvgPathFillImage, box_size=10, border=2)
    svg: str = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def code_for_step(*, secret: str, step: int) -> str:
    """The 6-digit code of one time step (used by tests and by `matching_step`)."""
    return str(pyotp.TOTP(secret).generate_otp(step))


def step_at(*, secret: str, when: datetime) -> int:
    return int(pyotp.TOTP(secret).timecode(when))


def matching_step(*, secret: str, code: str, when: datetime, after_step: int) -> int | None:
    """The time step whose code is `code`, within ±VALID_WINDOW of `when`, later than
    `after_step` (a code already used cannot be used again); None when nothing matches."""
    code = "".join(code.split())
    if not secret or len(code) != 6 or not code.isdigit():
        return None
    now_step = step_at(secret=secret, when=when)
    for step in range(now_step - VALID_WINDOW, now_step + VALID_WINDOW + 1):
        if step <= after_step:
            continue
        if hmac.compare_digest(code_for_step(secret=secret, step=step), code):
            return step
    return None
