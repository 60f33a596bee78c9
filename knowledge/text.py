"""Text as it is stored and searched: NFC-normalised, without control characters other than tab and
newline (PostgreSQL refuses NUL bytes; the others only hide what a text says)."""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def clean_or_none(text: Optional[str]) -> Optional[str]:
    """A search criterion cleaned; one that held nothing but control characters is no criterion."""
    return (clean_text(text) or None) if text else None
