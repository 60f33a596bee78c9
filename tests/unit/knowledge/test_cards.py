"""A search result's card shows what the editors saved: the same fields as the mapped listing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from knowledge.cards import listing_cards
from knowledge.db import open_session
from knowledge.editing import Editor
from knowledge.listings import listing_json, save_listing
from knowledge.models import ServiceListing
from knowledge.render import format_listing
from knowledge.services import listing_translation

LANGUAGES = ("fi", "sv", "en", "ru", "uk", "et", "ar", "fa", "so", "tr")
EDITOR = Editor(None, "test@alku.fi")

CAFE = {
    "key": "vaasa-thursday-cafe",
    "organisation": "vaasa_city",
    "url": "https://example.org/cafe",
    "address": "Kirjastonkatu 13, Vaasa",
    "phone": "+358 40 000 0000",
    "email": "cafe@example.org",
    "appointment_needed": False,
    "accessibility": "Step-free entrance",
    "municipalities": ["905", "499"],
    "topics": ["ngo_activities", "language_courses"],
    "target_groups": ["women", "families"],
    "languages": ["fi", "ar"],
    "valid_from": "2026-01-01",
    "valid_to": "2027-06-30",
    "status": "published",
    "opening_hours": [
        {"weekday": 3, "opens": "17:00", "closes": "19:00"},
        {"weekday": 0, "opens": "09:00", "closes": "11:30"},
    ],
    "translations": {
        "fi": {"name": "Torstain kielikahvila", "description": "Puhutaan suomea kahvin kanssa."},
        "ar": {"name": "مقهى اللغة يوم الخميس", "description": "نتحدث الفنلندية مع القهوة."},
    },
}


@pytest.fixture
def cafe_db(fresh_db_url):
    with open_session(fresh_db_url) as session, session.begin():
        save_listing(session, CAFE, EDITOR, LANGUAGES)
    return fresh_db_url


def mapped(session, key):
    return session.scalars(
        select(ServiceListing)
        .where(ServiceListing.key == key)
        .options(selectinload(ServiceListing.translations), selectinload(ServiceListing.opening_hours))
    ).one()


def test_a_card_says_what_the_saved_listing_says(cafe_db):
    with open_session(cafe_db) as session:
        listing = mapped(session, CAFE["key"])
        [card] = listing_cards(session, [listing.id])
        assert listing_json(card) == listing_json(listing)
        assert card.organisation.name("sv") == listing.organisation.name("sv")
        assert sorted(place.name("sv") for place in card.municipalities) == ["Korsholm", "Vasa"]
        for language in ("ar", "fi", "so", "en"):
            assert format_listing(card, language) == format_listing(listing, language)


def test_a_card_shows_the_users_language_then_english_then_finnish(cafe_db):
    with open_session(cafe_db) as session:
        [card] = listing_cards(session, [mapped(session, CAFE["key"]).id])
    assert listing_translation(card, "ar").name == "مقهى اللغة يوم الخميس"
    assert listing_translation(card, "so").name == "Torstain kielikahvila"
    assert [(hours.weekday, hours.opens) for hours in card.opening_hours] == [(0, dt.time(9)), (3, dt.time(17))]


def test_cards_keep_the_search_order_and_skip_listings_that_are_gone(seeded_db_url):
    with open_session(seeded_db_url) as session:
        ids = list(session.scalars(select(ServiceListing.id).order_by(ServiceListing.id.desc()).limit(5)))
        cards = listing_cards(session, [ids[2], 10**9, ids[0], ids[4]])
    assert [card.id for card in cards] == [ids[2], ids[0], ids[4]]
    assert listing_cards(session, []) == []
