"""Two-factor sign-in with a time-based one-time code (TOTP, RFC 6238: any authenticator app).
Required for admins where settings say so (production by default); anyone may turn it on. A code is
accepted once: the last time step used is kept, so a code seen over someone's shoulder is spent."""

from __future__ import annotations

import datetime as dt
import time
from typing import Optional

import pyotp

from handoff.models import ADMIN, Advisor
from settings import Settings

ISSUER = "Alku"
PERIOD = 30


def new_secret() -> str:
    return pyotp.random_base32()


def setup_uri(secret: str, email: str) -> str:
    """What an authenticator app reads (as a QR code or a link) to add the account."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """The key as a person types it into an app by hand: groups of four."""
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def matching_step(secret: str, code: str, now: Optional[float] = None) -> Optional[int]:
    """The time step whose code this is (this one, or one either side for a slow clock), or None."""
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp, moment = pyotp.TOTP(secret), time.time() if now is None else now
    for drift in (0, -1, 1):
        at = moment + drift * PERIOD
        if totp.verify(code, for_time=dt.datetime.fromtimestamp(at), valid_window=0):
            return int(at // PERIOD)
    return None


def accept(advisor: Advisor, code: str, now: Optional[float] = None) -> bool:
    """Check the person's code and spend it; False for a wrong or already used code."""
    if not advisor.totp_secret:
        return False
    step = matching_step(advisor.totp_secret, code, now)
    if step is None or (advisor.totp_last_step is not None and step <= advisor.totp_last_step):
        return False
    advisor.totp_last_step = step
    return True


def must_enrol(advisor: Advisor, settings: Settings) -> bool:
    """An admin without a second factor where it is required: they set it up before anything else."""
    return advisor.role == ADMIN and not advisor.totp_secret and settings.admin_two_factor == "required"
