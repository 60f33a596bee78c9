import datetime as dt

from sqlalchemy import select

from knowledge.db import open_session
from knowledge.models import ServiceListing
from knowledge.services import find_services, listing_translation

SEED_MUNICIPALITIES = {
    "564": "Oulu",
    "615": "Pudasjärvi",
    "285": "Kotka",
    "905": "Vaasa",
    "598": "Pietarsaari",
    "545": "Närpiö",
    "091": "Helsinki",
    "049": "Espoo",
    "092": "Vantaa",
    "505": "Mäntsälä",
    "224": "Karkkila",
}


def test_every_seed_municipality_has_local_listings(session):
    for code, name in SEED_MUNICIPALITIES.items():
        assert len(find_services(session, municipality_code=code)) >= 3, name


def test_filter_by_municipality_and_topic(session):
    listings = find_services(session, municipality_code="564", topic="language_courses")
    assert listings
    for listing in listings:
        assert "564" in {place.code for place in listing.municipalities}
        assert "language_courses" in {topic.key for topic in listing.topics}


def test_most_local_listing_comes_first(session):
    listings = find_services(session, municipality_code="564", topic="health_care")
    counts = [len(listing.municipalities) for listing in listings]
    assert counts == sorted(counts)


def test_language_filter_keeps_listings_that_serve_it_or_do_not_say(session):
    everything = find_services(session, municipality_code="545")
    swedish = find_services(session, municipality_code="545", language="sv")
    vietnamese = find_services(session, municipality_code="545", language="vi")
    assert set(vietnamese) <= set(swedish) <= set(everything)
    assert all(not listing.language_codes or "vi" in listing.language_codes for listing in vietnamese)


def test_ended_listing_is_not_shown(fresh_db_url):
    with open_session(fresh_db_url) as session, session.begin():
        listing = session.scalars(select(ServiceListing).where(ServiceListing.key == "oulu_villa_victor")).one()
        listing.valid_to = dt.date(2026, 1, 31)
    with open_session(fresh_db_url) as session:
        keys = {listing.key for listing in find_services(session, municipality_code="564", today=dt.date(2026, 11, 23))}
        assert "oulu_villa_victor" not in keys
        earlier = find_services(session, municipality_code="564", today=dt.date(2026, 1, 15))
        assert "oulu_villa_victor" in {listing.key for listing in earlier}


def test_listing_text_follows_the_users_language(session):
    listing = find_services(session, municipality_code="905", topic="language_courses")[0]
    assert listing_translation(listing, "sv").language == "sv"
    assert listing_translation(listing, "zh").language == "en"
