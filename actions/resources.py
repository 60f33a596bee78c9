"""What every action shares, built once when the action server starts (models preloaded)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from knowledge.db import open_session
from knowledge.languages import LanguageDetector
from knowledge.places import PlaceFinder, default_place_finder
from settings import Settings, get_settings


@lru_cache(maxsize=1)
def settings() -> Settings:
    return get_settings()


@lru_cache(maxsize=1)
def language_detector() -> LanguageDetector:
    return LanguageDetector(settings().languages, places=place_finder())


def place_finder() -> PlaceFinder:
    return default_place_finder()


def local_now() -> dt.datetime:
    """Wall-clock time where the advisors work (settings.timezone), naive like office hours."""
    return dt.datetime.now(ZoneInfo(settings().timezone)).replace(tzinfo=None)


def knowledge_session() -> Session:
    return open_session(settings().database_url)


def preload() -> None:
    """Load lingua's models and the municipality forms now, not on the first user's message."""
    language_detector().detect("preload")
